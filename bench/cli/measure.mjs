// Whole-process measurement: wall seconds, user+sys CPU seconds and peak RSS of a child process, as
// GNU time gives them but at microseconds (bench/cli/rusage.py: wait4's figures; GNU time rounds
// to 10 ms, a sixth of kubeconform's whole run at 100 resources).
// Each run is a fresh process (cold in the sense a pre-commit hook or CI step is: no daemon, no
// warm JIT); the OS page cache is warm because the corpus was read by the warm-up run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUSAGE = fileURLToPath(new URL('./rusage.py', import.meta.url));

export function assertTimer() {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error('python3 is missing: bench/cli/rusage.py times each run (apt-get install -y python3)');
}

/**
 * Runs `command args` once under bench/cli/rusage.py (wall, user, sys, peak KiB, minor faults), stdout to `stdoutFile`.
 * With `input` (a Buffer) the command reads it from a pipe on stdin, as `cat file | cmd` does.
 * With `timeout` (ms) the command runs under coreutils `timeout`, which passes its child's
 * CPU and peak RSS through to the timer. Returns { wall, cpu, rssMiB, minorFaults, exitCode, timedOut, stderr }
 * (minor page faults: on this VM each costs several µs, so memory first touched is CPU time).
 */
export function measureOnce(command, args, { cwd, stdoutFile, env, timeout, input }) {
  const scratch = mkdtempSync(join(tmpdir(), 'kubelint-bench-'));
  const timeFile = join(scratch, 'time');
  const out = openSync(stdoutFile, 'w');
  try {
    const limit = timeout ? ['timeout', '-k', '5', String(Math.ceil(timeout / 1000))] : [];
    const result = spawnSync('python3', [RUSAGE, timeFile, ...limit, command, ...args], {
      cwd, env: { ...process.env, ...env }, stdio: [input ? 'pipe' : 'ignore', out, 'pipe'], input, maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    const line = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1);
    const [wall, user, sys, maxKiB, minorFaults] = line.split(/\s+/).map(Number);
    if ([wall, user, sys, maxKiB, minorFaults].some((n) => !Number.isFinite(n))) throw new Error(`unexpected rusage.py output: ${line}`);
    const timedOut = Boolean(timeout) && (result.status === 124 || result.status === 137);
    return { wall, cpu: user + sys, rssMiB: maxKiB / 1024, minorFaults, exitCode: result.status, timedOut, stderr: result.stderr.toString('utf8') };
  } finally {
    closeSync(out);
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median of each metric over runs, plus min/max wall for spread. */
export function summarize(runs) {
  return {
    runs: runs.length,
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
    rssMiB: median(runs.map((r) => r.rssMiB)),
    minorFaults: median(runs.map((r) => r.minorFaults)),
    wallMin: Math.min(...runs.map((r) => r.wall)),
    wallMax: Math.max(...runs.map((r) => r.wall)),
    exitCodes: [...new Set(runs.map((r) => r.exitCode))],
  };
}
