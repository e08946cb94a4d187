// Finding helm/kustomize (config, env, the package's .tools/bin, PATH, kubectl) and the shared
// render plumbing: stderr summaries, the semaphore, progress output.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
import { findTool, RenderProgress, runTool, Semaphore, summariseStderr } from '../../src/load/tools.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A folder with executable scripts of the given names. */
function binDir(...names: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-bin-'));
  for (const name of names) {
    writeFileSync(path.join(dir, name), '#!/bin/sh\necho "$0 $*"\n');
    chmodSync(path.join(dir, name), 0o755);
  }
  return dir;
}

describe('findTool lookup order', () => {
  const tools = binDir('helm', 'kustomize');
  const onPath = binDir('helm', 'kustomize', 'kubectl');
  const env = (extra: Record<string, string> = {}) => ({ PATH: onPath, ...extra });

  it('config first, then env, then the tools folder, then PATH', () => {
    const configured = binDir('my-helm');
    const fromEnv = binDir('env-helm');
    const all = { configured: path.join(configured, 'my-helm'), env: env({ KUBELINT_HELM: path.join(fromEnv, 'env-helm') }), toolsDir: tools };
    expect(findTool('helm', all)).toEqual({ command: { binary: path.join(configured, 'my-helm'), prefix: [], via: 'config' } });
    expect(findTool('helm', { ...all, configured: undefined })).toEqual({ command: { binary: path.join(fromEnv, 'env-helm'), prefix: [], via: 'env' } });
    expect(findTool('helm', { env: env(), toolsDir: tools })).toEqual({ command: { binary: path.join(tools, 'helm'), prefix: [], via: 'tools' } });
    expect(findTool('helm', { env: env(), toolsDir: '/nonexistent' })).toEqual({ command: { binary: path.join(onPath, 'helm'), prefix: [], via: 'path' } });
  });

  it('a bare configured name is looked up on PATH; a relative path against the config root', () => {
    expect(findTool('kustomize', { configured: 'kustomize', env: env(), toolsDir: tools })).toMatchObject({ command: { binary: path.join(onPath, 'kustomize'), via: 'config' } });
    expect(findTool('helm', { configured: 'helm', env: env(), root: tools, toolsDir: tools })).toMatchObject({ command: { binary: path.join(onPath, 'helm') } });
    expect(findTool('helm', { configured: './helm', env: env(), root: tools })).toMatchObject({ command: { binary: path.join(tools, 'helm') } });
  });

  it('an explicit binary that does not exist is an error, not a silent fallback', () => {
    const result = findTool('helm', { env: env({ KUBELINT_HELM: '/opt/none/helm' }), toolsDir: tools });
    expect(result).toEqual({
      error:
        'helm not found: KUBELINT_HELM names "/opt/none/helm", which is not an executable file; install it with `bash scripts/setup-tools.sh` (in the kubelint repository), put it on PATH, or set KUBELINT_HELM (or "helm.binary" in a trusted config)',
    });
  });

  it('falls back to `kubectl kustomize`, and treats a configured kubectl the same way', () => {
    const kubectlOnly = binDir('kubectl');
    expect(findTool('kustomize', { env: { PATH: kubectlOnly }, toolsDir: '/nonexistent' })).toEqual({
      command: { binary: path.join(kubectlOnly, 'kubectl'), prefix: ['kustomize'], via: 'path' },
    });
    expect(findTool('kustomize', { configured: path.join(kubectlOnly, 'kubectl'), env: { PATH: '' } })).toMatchObject({ command: { prefix: ['kustomize'] } });
  });

  it('says what to do when nothing is found', () => {
    const none = findTool('helm', { env: { PATH: '' }, toolsDir: '/nonexistent' });
    expect('error' in none && none.error).toMatch(/^helm not found; install it with `bash scripts\/setup-tools.sh`.*KUBELINT_HELM \(or "helm.binary" in a trusted config\)$/);
    const noKustomize = findTool('kustomize', { env: { PATH: '' }, toolsDir: '/nonexistent' });
    expect('error' in noKustomize && noKustomize.error).toContain('"kustomize.binary"');
  });

  it('the tools folder is the kubelint package\'s own .tools/bin', () => {
    expect(packagePath('.tools', 'bin')).toBe(path.join(ROOT, '.tools', 'bin'));
    expect(findTool('opa', { env: { PATH: '' } })).toMatchObject({ command: { binary: path.join(ROOT, '.tools', 'bin', 'opa'), via: 'tools' } });
  });
});

describe('running tools', () => {
  it('captures stdout, stderr and the exit code', async () => {
    const result = await runTool({ binary: '/bin/sh', prefix: ['-c'], via: 'path' }, ['echo out; echo err >&2; exit 3']);
    expect(result).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n', failure: undefined });
  });

  it('reports a binary that cannot start instead of throwing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-bin-'));
    const result = await runTool({ binary: path.join(dir, 'missing'), prefix: [], via: 'config' }, []);
    expect(result.failure).toMatch(/^cannot run .*missing: spawn .* ENOENT$/);
  });

  it('summarises stderr to its first meaningful lines', () => {
    const stderr = '\nError: parse error at (x.yaml:4): bad\n\nUse --debug flag to render out invalid YAML\nUsage:\n  helm template\n';
    expect(summariseStderr(stderr, 1)).toBe('Error: parse error at (x.yaml:4): bad');
    expect(summariseStderr('')).toBe('no error output');
    expect(summariseStderr('x'.repeat(2000)).length).toBe(600);
  });
});

describe('render scheduling', () => {
  it('the semaphore never runs more than its limit at once', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const task = () =>
      semaphore.run(async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      });
    await Promise.all(Array.from({ length: 7 }, task));
    expect(peak).toBe(2);
  });

  it('progress is shown only on a TTY and only for more than three renders', () => {
    const written: string[] = [];
    const stream = { isTTY: true, columns: 80, write: (t: string) => written.push(t) } as unknown as NodeJS.WriteStream;
    const three = new RenderProgress(stream);
    for (let i = 0; i < 3; i++) three.start();
    for (let i = 0; i < 3; i++) three.finish('c');
    expect(written).toEqual([]);
    const five = new RenderProgress(stream);
    for (let i = 0; i < 5; i++) five.start();
    for (let i = 0; i < 5; i++) five.finish(`chart${i}`);
    expect(written[0]).toBe('\r\x1b[Kkubelint: rendered 1/5 chart0');
    expect(written.at(-1)).toBe('\r\x1b[K'); // cleared when done
    const quiet: string[] = [];
    const pipe = new RenderProgress({ isTTY: false, write: (t: string) => quiet.push(t) } as unknown as NodeJS.WriteStream);
    for (let i = 0; i < 5; i++) pipe.start();
    for (let i = 0; i < 5; i++) pipe.finish('c');
    expect(quiet).toEqual([]);
  });
});
