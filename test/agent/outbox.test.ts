import * as fsp from 'node:fs/promises';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox, OutboxError } from '../../src/agent/outbox.js';
import { reading, tempDataDir } from './helpers.js';

let data: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => { data = await tempDataDir(); });
afterEach(async () => { await data.cleanup(); });

/** Records the order of durable-write calls to check the write protocol itself. */
function tracingFs(trace: string[]): typeof fsp {
  return {
    ...fsp,
    open: (async (path: string, flags?: string, mode?: number) => {
      const handle = await fsp.open(path, flags, mode);
      const kind = flags === 'r' ? 'dir' : 'file';
      const sync = handle.sync.bind(handle);
      handle.sync = async () => { trace.push(`fsync ${kind} ${path.split('/').slice(-2).join('/')}`); return sync(); };
      return handle;
    }) as typeof fsp.open,
    rename: async (from, to) => { trace.push(`rename -> ${String(to).split('/').slice(-2).join('/').replace(/\d{17}-/, '')}`); return fsp.rename(from, to); },
  };
}

describe('Outbox', () => {
  it('writes temp → fsync file → rename → fsync directory, and survives reopening in order', async () => {
    const trace: string[] = [];
    const outbox = await Outbox.open(data.dir, tracingFs(trace));
    await outbox.append([reading(1), reading(2)]);
    expect(trace.filter((t) => !t.includes('probe'))).toEqual([
      expect.stringMatching(/^fsync file tmp\//),
      expect.stringMatching(/^fsync file tmp\//),
      'rename -> outbox/r-1.json',
      'rename -> outbox/r-2.json',
      `fsync dir ${data.dir.split('/').pop()}/outbox`,
    ]);
    await outbox.append([reading(3)]);
    const reopened = await Outbox.open(data.dir);
    expect(reopened.depth).toBe(3);
    expect((await reopened.peek(10)).map((e) => e.reading.idempotency_key)).toEqual(['r-1', 'r-2', 'r-3']);
    expect((await reopened.peek(2)).map((e) => e.reading.idempotency_key)).toEqual(['r-1', 'r-2']);
  });

  it('skips keys already pending and removes delivered entries from disk', async () => {
    const outbox = await Outbox.open(data.dir);
    await outbox.append([reading(1), reading(1), reading(2)]);
    await outbox.append([reading(2)]);
    expect(outbox.depth).toBe(2);
    await outbox.remove(await outbox.peek(1));
    expect(await readdir(outbox.outboxDir)).toEqual([expect.stringContaining('r-2')]);
    expect(outbox.has('r-1')).toBe(false);
  });

  it('drops unacknowledged temp files at open and quarantines corrupt records', async () => {
    const outbox = await Outbox.open(data.dir);
    await writeFile(join(outbox.tmpDir, 'leftover.tmp'), '{"half":');
    await writeFile(join(outbox.outboxDir, '00000000000000001-broken.json'), 'garbage');
    await outbox.append([reading(5)]);
    const reopened = await Outbox.open(data.dir);
    expect(await readdir(reopened.tmpDir)).toEqual([]);
    expect((await reopened.peek(10)).map((e) => e.reading.idempotency_key)).toEqual(['r-5']);
    expect(await readdir(reopened.deadDir)).toEqual(['00000000000000001-broken.corrupt']);
    expect(await readFile(join(reopened.deadDir, '00000000000000001-broken.corrupt'), 'utf8')).toBe('garbage');
  });

  it('undoes a half-written append when the disk fails midway', async () => {
    let writes = 0;
    const fs = {
      ...fsp,
      open: ((path: string, flags?: string, mode?: number) => {
        if (flags === 'w' && ++writes === 2) return Promise.reject(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
        return fsp.open(path, flags, mode);
      }) as typeof fsp.open,
    };
    const outbox = await Outbox.open(data.dir, fs);
    const error = await outbox.append([reading(1), reading(2)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxError);
    expect((error as Error).message).toContain('ENOSPC');
    expect(outbox.depth).toBe(0);
    expect(await readdir(outbox.outboxDir)).toEqual([]);
    expect(await readdir(outbox.tmpDir)).toEqual([]);
  });
});
