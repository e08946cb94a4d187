// Hostile input, round 2 (#21 items 7 and 9): a reader that closes the pipe, a full disk, and
// manifest strings / file names carrying terminal escapes or forged CI-log lines.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCompact } from '../../src/report/compact.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatStylish } from '../../src/report/stylish.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { context, finding, report } from '../report/helpers.js';

const bin = path.join(REPO_ROOT, 'bin', 'kubelint.js');
let dir: string;

beforeAll(() => {
  // Enough findings for a report far larger than a pipe buffer (64 KiB).
  dir = mkdtempSync(path.join(tmpdir(), 'kubelint-pipe-'));
  const pods = Array.from({ length: 400 }, (_, i) => [
    'apiVersion: v1', 'kind: Pod', 'metadata:', `  name: p${i}`, 'spec:', '  containers:', '    - name: app', '      image: nginx',
    '      securityContext:', '        privileged: true',
  ].join('\n'));
  writeFileSync(path.join(dir, 'pods.yaml'), `${pods.join('\n---\n')}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('item 7: output that cannot be written', () => {
  it('exits 2 with one line, no stack trace, when stdout is a full disk (> /dev/full)', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [bin, dir], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^kubelint: cannot write the report to stdout: ENOSPC[^\n]*\n$/);
    } finally {
      closeSync(full);
    }
  });

  it('exits quietly with the run\'s own code when the reader closes the pipe (| head -c 100)', async () => {
    const child = spawn(process.execPath, [bin, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(1); // findings, as if the whole report had been read
  });
});

describe('item 9: control characters are escaped in human formats', () => {
  const hostileFile = 'deploy/evil\n::add-mask::secret.yaml';
  const hostile = finding({
    file: hostileFile,
    message: 'container "\u001b]0;pwned\u0007\u001b[2J" is privileged',
    resource: { apiVersion: 'v1', kind: 'Pod', name: 'x\u202eyaml.exe' },
    range: { line: 1, column: 9, endLine: 1, endColumn: 13 },
  });
  const source = 'name: "\u001b[2J" x: tail';

  it('stylish: no raw ESC, BEL, newline or bidi override from the input reaches the terminal', () => {
    const out = formatStylish(report([hostile]), context('/repo', { sources: new Map([[hostileFile, source]]) }));
    expect(out).not.toMatch(/[\u0007\u001b\u202e]/);
    expect(out).not.toMatch(/\n::add-mask::/);
    expect(out).toContain('deploy/evil\\n::add-mask::secret.yaml');
    expect(out).toContain('container "\\x1b]0;pwned\\x07\\x1b[2J" is privileged');
    expect(out).toContain('Pod x\\u202eyaml.exe');
    // The caret still sits under column 9 of the source (after the escaped `\x1b`, 3 columns wider).
    const lines = out.split('\n');
    const frame = lines.findIndex((l) => l.includes('1 | name:'));
    expect(lines[frame]).toBe('    1 | name: "\\x1b[2J" x: tail');
    expect(lines[frame + 1]).toBe(`      | ${' '.repeat('name: "\\x1b'.length)}^^^^`);
  });

  it('stylish keeps colour codes of its own when colour is on', () => {
    const out = formatStylish(report([hostile]), context('/repo', { color: true }));
    expect(out).toContain('\u001b[31m');
    expect(out).toContain('\\x1b]0;pwned');
  });

  it('junit: escaped, visible control characters instead of raw newlines in the failure text', () => {
    const out = formatJunit(report([hostile], { sources: [hostileFile] }), context('/repo'));
    expect(out).not.toMatch(/\n::add-mask::/);
    expect(out).toContain('error: container &quot;\\x1b]0;pwned\\x07\\x1b[2J&quot; is privileged');
    expect(out).toContain('at: deploy/evil\\n::add-mask::secret.yaml:1:9');
  });

  it('compact: one finding stays one line, with escapes', () => {
    const out = formatCompact(report([hostile]), context('/repo'));
    expect(out).not.toMatch(/[\u0007\u001b\u202e]/);
    expect(out.split('\n')[0]).toBe(
      'deploy/evil\\n::add-mask::secret.yaml:1:9: error: container "\\x1b]0;pwned\\x07\\x1b[2J" is privileged (no-privileged) — Pod x\\u202eyaml.exe',
    );
  });
});
