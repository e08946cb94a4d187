// Standard input and other streams: the reader copies each chunk as it comes, so a source may
// reuse one buffer for every read (as a reader of a file descriptor does), and the stream's own
// chunks are never kept (BENCHMARKS.md, round 8, r8stdin: they stayed in the allocator's heap).
import { describe, expect, it } from 'vitest';
import { readManifestStream } from '../../src/load/read.js';

/** The bytes in chunks of `size`, all read into one buffer that the next read overwrites. */
async function* reusedBuffer(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  const buffer = Buffer.alloc(size);
  for (let at = 0; at < bytes.length; at += size) {
    const n = bytes.copy(buffer, 0, at, Math.min(at + size, bytes.length));
    yield buffer.subarray(0, n);
  }
}

const configMaps = (n: number) => Array.from({ length: n }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  é: "ü ${i}"\n`).join('');

describe('readManifestStream', () => {
  it('reads a source that reuses its buffer, multi-byte characters split across reads', async () => {
    const text = configMaps(2000);
    for (const size of [7, 4096, 65536]) expect(await readManifestStream(reusedBuffer(Buffer.from(text), size))).toEqual({ text });
  });

  it('says where invalid UTF-8 is when the source reuses its buffer', async () => {
    const head = Buffer.from(configMaps(500));
    const bytes = Buffer.concat([head, Buffer.from('bad: "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n'), Buffer.from(configMaps(10))]);
    const lines = head.toString().split('\n').length; // the bad line is the last one of head's count
    expect(await readManifestStream(reusedBuffer(bytes, 4096), 'standard input')).toEqual({ error: `invalid UTF-8 at byte ${head.length + 6}`, line: lines, column: 7 });
  });

  it('drops a byte order mark, as a file read does', async () => {
    expect(await readManifestStream(reusedBuffer(Buffer.from('\uFEFFk: v\n'), 2))).toEqual({ text: 'k: v\n' });
  });

  it('refuses binary input and input past the cap as before', async () => {
    expect(await readManifestStream(reusedBuffer(Buffer.from('k: v\n\0'), 3))).toEqual({ error: 'binary file (contains NUL bytes), not YAML or JSON' });
    async function* endless(): AsyncGenerator<Uint8Array> {
      const chunk = Buffer.alloc(1 << 20, 0x23);
      for (;;) yield chunk;
    }
    expect(await readManifestStream(endless(), 'standard input')).toEqual({ error: 'standard input is above the 32.0 MiB limit; split it into smaller files' });
  });
});
