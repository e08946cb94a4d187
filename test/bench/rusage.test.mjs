// bench/cli/measure.mjs times each run with bench/cli/rusage.py: µs figures (GNU time rounded to
// 10 ms), the child's exit status passed through, and the children it waits for counted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureOnce } from '../../bench/cli/measure.mjs';

const dir = mkdtempSync(join(tmpdir(), 'kubelint-rusage-'));
const stdoutFile = join(dir, 'out');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const node = (code) => measureOnce(process.execPath, ['-e', code], { cwd: dir, stdoutFile });

describe('measureOnce (rusage.py)', () => {
  it('gives wall and CPU finer than 10 ms, and a busy child its CPU', () => {
    const runs = [0, 1, 2].map(() => node('const end = Date.now() + 60; while (Date.now() < end);'));
    for (const r of runs) {
      expect(r.exitCode).toBe(0);
      expect(r.cpu).toBeGreaterThan(0.05);
      expect(r.wall).toBeGreaterThanOrEqual(0.06);
      expect(r.rssMiB).toBeGreaterThan(10);
      expect(r.minorFaults).toBeGreaterThan(0);
    }
    // GNU time printed hundredths: three runs all on a 10 ms step is what the old timer gave.
    const onTick = (s) => Math.abs(s * 100 - Math.round(s * 100)) < 1e-9;
    expect(runs.flatMap((r) => [r.wall, r.cpu]).every(onTick)).toBe(false);
  });

  it('passes the exit status through, 128 + signal for a killed child, 127 when it cannot start', () => {
    expect(node('process.exitCode = 3').exitCode).toBe(3);
    expect(node("process.kill(process.pid, 'SIGKILL')").exitCode).toBe(137);
    const missing = measureOnce(join(dir, 'no-such-command'), [], { cwd: dir, stdoutFile });
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toContain('cannot run');
  });

  it('counts what the child waited for (timeout passes its child through)', () => {
    const r = measureOnce(process.execPath, ['-e', `require('node:child_process').execFileSync(process.execPath, ['-e', 'const end = Date.now() + 80; while (Date.now() < end);'])`], { cwd: dir, stdoutFile });
    expect(r.cpu).toBeGreaterThan(0.07);
  });

  it('writes the child stdout to the file', () => {
    node("process.stdout.write('hello')");
    expect(readFileSync(stdoutFile, 'utf8')).toBe('hello');
  });
});
