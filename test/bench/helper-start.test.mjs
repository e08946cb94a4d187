// bench/cli/helper-start.mjs: each variant's child measures a worker that really got ready (a worker
// that exits first is dead, not fast), and threads-ab.mjs splits each run's CPU by thread.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChildLine, VARIANTS } from '../../bench/cli/helper-start.mjs';

const SCRIPT = resolve('bench/cli/helper-start.mjs');
const built = existsSync(resolve('dist/parallel/rego-worker.js'));

describe('parseChildLine', () => {
  it('takes the last line of a child that got ready', () => {
    const value = parseChildLine('noise\n{"variant":"helper","ready":true,"cpu":38.5,"wall":40.1,"constructorCpu":3}\n');
    expect(value).toMatchObject({ variant: 'helper', cpu: 38.5, wall: 40.1 });
  });

  it('refuses a worker that never got ready, an unknown variant and no line', () => {
    expect(() => parseChildLine('{"variant":"empty","ready":false,"cpu":1,"wall":1}')).toThrow(/empty worker never got ready/);
    expect(() => parseChildLine('{"variant":"other","ready":true,"cpu":1,"wall":1}')).toThrow(/no measurement/);
    expect(() => parseChildLine('')).toThrow(/no measurement/);
  });
});

describe.skipIf(!built)('a child run of each variant (needs `npm run build`)', () => {
  it.each(VARIANTS)('%s: ready, with the start-up CPU counted', (variant) => {
    const run = spawnSync(process.execPath, [SCRIPT, '--child', variant], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const value = parseChildLine(run.stdout);
    expect(value.variant).toBe(variant);
    // Any worker's start is several ms of CPU (~20 ms here); a run that measured nothing would be ~0.
    expect(value.cpu).toBeGreaterThan(2);
    expect(value.cpu).toBeGreaterThanOrEqual(value.constructorCpu);
  });

  it('refuses --runs that is not a positive integer', () => {
    const run = spawnSync(process.execPath, [SCRIPT, '--runs', '0'], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/--runs must be a positive integer/);
  });
});

describe.skipIf(!built)('threads-ab.mjs (needs `npm run build`)', () => {
  it('splits each mode’s CPU into the main thread and the other threads', () => {
    const run = spawnSync(process.execPath, [resolve('bench/cli/threads-ab.mjs'), '--shapes', 'plain', '--sizes', '100', '--runs', '1', '--modes', '1,2', '--cache', 'first'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const row = run.stdout.split('\n').find((line) => line.startsWith('| plain | 100 |'));
    expect(row).toBeDefined();
    const cells = row.split('|').map((cell) => cell.trim());
    const split = cells.filter((cell) => /^\d+ \/ \d+$/.test(cell)).map((cell) => cell.split(' / ').map(Number));
    expect(split).toHaveLength(2);
    const [, two] = split;
    // With KUBELINT_THREADS=2 the helper runs, on a thread other than the main one.
    expect(two[1]).toBeGreaterThan(5);
    expect(row).toContain('identical');
  });
});
