// Hostile input, round 2 (#21 items 4, 6, 8 and 11): what the CLI opens and how much of it it
// reads — FIFOs and devices, endless standard input, thousands of files under a low open-file
// limit, raw control characters, and symlinks that lead out of the linted folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, runJson } from '../helpers/cli.js';

const bin = path.join(REPO_ROOT, 'bin', 'kubelint.js');
/** Generous: a hang (the old behaviour) is what these catch, not a slow run. */
const HANG = 60_000;
/** What the "endless" standard input feeds at most. */
const ENDLESS = 96 * 1024 * 1024;
let tmp: string;

const configMap = (name: string, data = 'a: b') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: hostile\ndata:\n  ${data}\n`;

/** Runs the built CLI in a child process; the promise settles when it exits (or is killed as hung). */
function runBin(args: string[], options: { cwd: string; stdin?: Buffer | 'endless'; shell?: string }) {
  const child = options.shell
    ? spawn('sh', ['-c', `${options.shell}; exec "$0" "$@"`, process.execPath, bin, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1' } })
    : spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  let stdinBytes = 0;
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.on('error', () => undefined); // EPIPE once kubelint stops reading
  if (options.stdin === 'endless') {
    // 1 MiB of YAML comments at a time, up to three times the cap: "endless" to a reader that
    // keeps reading, yet bounded, so the old code (which buffered it all) costs little memory here.
    const chunk = Buffer.from(`# ${'x'.repeat(1021)}\n`.repeat(1024));
    const feed = () => {
      while (!child.stdin.destroyed && child.exitCode === null) {
        if (stdinBytes >= ENDLESS) return void child.stdin.end();
        stdinBytes += chunk.length;
        if (!child.stdin.write(chunk)) return void child.stdin.once('drain', feed);
      }
    };
    feed();
  } else child.stdin.end(options.stdin ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), HANG - 5_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string; stdinBytes: number }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, stdinBytes });
    }),
  );
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'kubelint-hostile-inputs-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('item 4: FIFOs, devices and endless standard input', () => {
  it('a walk skips a FIFO with a warning naming it and its type, and lints the rest', async () => {
    const dir = path.join(tmp, 'fifo');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'app.yaml'), configMap('app'));
    expect(spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]).status).toBe(0);
    const run = await runBin(['.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((f: { file: string; ruleId: string; severity: string; message: string }) => [f.file, f.ruleId, f.severity, f.message])).toEqual([
      ['pipe.yaml', 'skipped-input', 'warning', 'FIFO (named pipe): not read (a walk reads regular files only; name it on the command line to read it)'],
    ]);
    expect(report.summary).toMatchObject({ resources: 1, skipped: 1 });
  }, HANG);

  it('/dev/zero named explicitly stops at the first 8 KiB (binary), exit 2', async () => {
    const run = await runBin(['/dev/zero', '--format', 'json'], { cwd: tmp });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).findings.map((f: { message: string }) => f.message)).toEqual(['binary file (contains NUL bytes), not YAML or JSON']);
  }, HANG);

  it('endless standard input is cut at 32 MiB, exit 2', async () => {
    const run = await runBin(['-', '--format', 'json'], { cwd: tmp, stdin: 'endless' });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).findings.map((f: { file: string; message: string }) => [f.file, f.message])).toEqual([
      ['<stdin>', 'standard input is above the 32.0 MiB limit; split it into smaller files'],
    ]);
    // Reading stopped at the cap: the feeder could not write the rest.
    expect(run.stdinBytes).toBeLessThan(ENDLESS);
  }, HANG);

  it('invalid UTF-8 on standard input is refused with its position, exit 2, as in a file', async () => {
    // Line 7 is `  a: "` + C3 28 (a lead byte without its continuation) + `"`.
    const [head, tail] = configMap('app', 'a: "@"').split('@');
    const bytes = Buffer.concat([Buffer.from(head!), Buffer.from([0xc3, 0x28]), Buffer.from(tail!)]);
    const fromStdin = await runBin(['-', '--format', 'json'], { cwd: tmp, stdin: bytes });
    writeFileSync(path.join(tmp, 'latin1.yaml'), bytes);
    const fromFile = await runBin(['latin1.yaml', '--format', 'json'], { cwd: tmp });
    const shape = (run: { stdout: string }) => JSON.parse(run.stdout).findings.map((f: { message: string; line: number; column: number }) => [f.message, f.line, f.column]);
    expect(fromStdin.code).toBe(2);
    expect(fromFile.code).toBe(2);
    expect(shape(fromStdin)).toEqual([['invalid UTF-8 at byte 86', 7, 7]]);
    expect(shape(fromFile)).toEqual(shape(fromStdin));
  }, HANG);

  it('a FIFO named explicitly is read (process substitution, `<(helm template …)`)', async () => {
    const fifo = path.join(tmp, 'named.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('sh', ['-c', `printf '%s' "$0" > "${fifo}"`, configMap('piped', 'k: 1')]);
    const written = new Promise((resolve) => writer.on('close', resolve));
    const run = await runBin([fifo, '--format', 'json'], { cwd: tmp });
    await written;
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: { line: number; column: number }) => `${f.line}:${f.column}`)).toEqual(['7:3']);
  }, HANG);
});

describe('item 6: many files under a low open-file limit', () => {
  it('2,000 files with `ulimit -n 256` are all read: no false "cannot read"', async () => {
    const dir = path.join(tmp, 'many');
    mkdirSync(dir);
    for (let i = 0; i < 2000; i++) writeFileSync(path.join(dir, `cm-${i}.yaml`), configMap(`cm-${i}`));
    const run = await runBin(['.', '--format', 'json', '--no-config'], { cwd: dir, shell: 'ulimit -n 256' });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'parse-error')).toEqual([]);
    expect(report.summary.resources).toBe(2000);
    expect(run.code).toBe(0);
  }, 120_000);
});

describe('item 8: raw control characters are refused with their position, exit 2', () => {
  const cases: Array<[string, string, number, number, string]> = [
    ['ESC in a value', configMap('esc', 'a: "x\u001b[2Jy"'), 7, 8, 'control character U+001B (ESC)'],
    ['DEL in a key', configMap('del', 'a\u007f: b'), 7, 4, 'control character U+007F (DEL)'],
    ['C1 CSI', configMap('c1', 'a: x\u009by'), 7, 7, 'control character U+009B'],
    ['NUL after the first 8 KiB', `${configMap('nul', `a: "${'x'.repeat(9000)}"`)}# tail \u0000\n`, 8, 8, 'control character U+0000 (NUL)'],
    ['vertical tab', configMap('vt', 'a: b\u000bc'), 7, 7, 'control character U+000B (vertical tab)'],
  ];
  it.each(cases)('%s', async (_name, text, line, column, what) => {
    const file = path.join(tmp, `control-${line}-${column}-${text.length}.yaml`);
    writeFileSync(file, text);
    const { code, report } = await runJson([file, '--no-config']);
    expect(code).toBe(2);
    expect(report!.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['parse-error', line, column]]);
    expect(report!.findings[0]!.message).toContain(`${what} is not allowed in YAML`);
  });

  it('tab, CR LF, NEL (U+0085) and non-ASCII text stay allowed', async () => {
    const file = path.join(tmp, 'allowed.yaml');
    writeFileSync(file, configMap('ok', 'a: "x\ty\u0085z café ✓ 😀"').replace(/\n/g, '\r\n'));
    const { code, report } = await runJson([file, '--no-config']);
    expect(report!.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('standard input gets the same check', async () => {
    const { code, report } = await runJson(['-', '--no-config'], { stdin: configMap('esc', 'a: "\u001b]0;title\u0007"') });
    expect(code).toBe(2);
    expect(report!.findings.map((f) => [f.file, f.line, f.column])).toEqual([['<stdin>', 7, 7]]);
  });
});

describe('item 11: symlinks out of the linted folder, code frames of non-manifests', () => {
  let repo: string;
  const SECRET = 'aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY';
  beforeAll(() => {
    repo = path.join(tmp, 'repo');
    const outside = path.join(tmp, 'home', '.aws');
    mkdirSync(path.join(repo, 'deploy', 'shared'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    // A credentials file: not YAML (its second line fails to parse), so it would be shown in a code frame.
    writeFileSync(path.join(outside, 'credentials'), `[default]\n${SECRET}: [\n`);
    writeFileSync(path.join(repo, 'deploy', 'app.yaml'), configMap('app'));
    writeFileSync(path.join(repo, 'deploy', 'shared', 'base.yaml'), configMap('base'));
    symlinkSync(path.join('..', '..', 'home', '.aws', 'credentials'), path.join(repo, 'deploy', 'creds.yaml'));
    symlinkSync(path.join('shared', 'base.yaml'), path.join(repo, 'deploy', 'inside.yaml')); // inside: still followed
  });

  it('a walk does not follow a file symlink out of the folder: a warning names it, nothing of it is printed', async () => {
    const { code, stdout } = await runCli(['deploy', '--no-config'], { cwd: repo });
    expect(stdout).not.toContain('wJalrXUtnFEMI');
    expect(stdout).toContain('deploy/creds.yaml\n  -        warning  symlink to a file outside the linted folder: not followed');
    expect(code).toBe(1); // the inside link duplicates base: an error finding, not an input error
    const { report } = await runJson(['deploy', '--no-config'], { cwd: repo });
    expect(report!.summary.resources).toBe(3); // app, base, and base again through the inside link
    expect(report!.findings.map((f) => [f.file, f.ruleId])).toEqual([
      ['deploy/creds.yaml', 'skipped-input'],
      ['deploy/shared/base.yaml', 'duplicate-resource'],
    ]);
  });

  it('named on the command line (a pre-commit hook passes it), it is not read either: exit 2', async () => {
    const { code, stdout } = await runCli(['deploy/creds.yaml', '--no-config'], { cwd: repo });
    expect(stdout).not.toContain('wJalrXUtnFEMI');
    expect(stdout).toContain('cannot read: symlink to a file outside the linted folder: not followed');
    expect(code).toBe(2);
  });

  it('a file that is not a manifest and fails to parse is reported with its position, without a code frame', async () => {
    writeFileSync(path.join(repo, 'notes.txt'), `title\n${SECRET}: [\n`);
    const { code, stdout } = await runCli(['notes.txt', '--no-config'], { cwd: repo });
    expect(code).toBe(2);
    expect(stdout).toMatch(/^notes\.txt\n {2}\d+:\d+ +error +invalid YAML/);
    expect(stdout).not.toContain('wJalrXUtnFEMI');
    expect(stdout).not.toContain(' | ');
  });

  it('a YAML manifest that fails to parse keeps its code frame', async () => {
    writeFileSync(path.join(repo, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: [\n');
    const { code, stdout } = await runCli(['broken.yaml', '--no-config'], { cwd: repo });
    expect(code).toBe(2);
    expect(stdout).toMatch(/\d+ \| /);
  });
});
