// Hostile input, round 2 (#21 item 10): linting a repository runs none of its code. Executable
// config files and programs named by a config file are refused (exit 2, naming the file and the
// opt-in) unless --trust-config or KUBELINT_TRUST_CONFIG=1; Helm plugins the repository ships are
// never loaded; the GitHub Action never opts in. Every probe writes a marker file when it runs.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { onPath } from '../../src/load/tools.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { readAction, runAction } from '../install/action-runner.js';

const T = 120_000;
const PRIVILEGED = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: registry.example/web:1.0.0\n      securityContext:\n        privileged: true\n';
let dir: string;
let marker: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-trust-'));
  marker = path.join(dir, 'RAN');
  write('k8s/pod.yaml', PRIVILEGED);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string, mode?: number): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (mode) chmodSync(file, mode);
  return file;
}

/** The built CLI run in the temporary repository, with an environment that does not trust it. */
const bin = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, KUBELINT_TRUST_CONFIG: '', ...env } });

/** Exit 2, the message, and the probe never ran. */
function expectRefused(run: { status: number | null; stderr: string }, message: string): void {
  expect(existsSync(marker)).toBe(false);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(message);
}

/** A script that leaves the marker and pretends to be a tool that failed. */
const script = () => `#!/bin/sh\ntouch '${marker}'\nexit 1\n`;
const jsProbe = (esm: boolean) =>
  esm
    ? `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, '');\nexport default { failOn: 'warning' };\n`
    : `require('node:fs').writeFileSync(${JSON.stringify(marker)}, '');\nmodule.exports = { failOn: 'warning' };\n`;

describe('item 10: executable config files are not loaded unless trusted', () => {
  for (const name of ['.kubelintrc.js', '.kubelintrc.cjs', '.kubelintrc.mjs', 'kubelint.config.js', 'kubelint.config.cjs', 'kubelint.config.mjs']) {
    it(`${name} found by search: exit 2 naming it and the opt-in; it never runs`, async () => {
      write(name, jsProbe(name.endsWith('.mjs')));
      const run = await runCli(['k8s'], { cwd: dir });
      expect(existsSync(marker)).toBe(false);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${name}: executable config files run code from the repository being linted`);
      expect(run.stderr).toContain('--trust-config');
      expect(run.stderr).toContain('KUBELINT_TRUST_CONFIG=1');
    }, T);
  }

  it('an explicit --config evil.cjs is refused the same way', async () => {
    write('evil.cjs', jsProbe(false));
    const run = await runCli(['--config', 'evil.cjs', 'k8s'], { cwd: dir });
    expect(existsSync(marker)).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('evil.cjs: executable config files run code');
  }, T);

  it('--trust-config or KUBELINT_TRUST_CONFIG=1 loads it', () => {
    // The built CLI in a process of its own: vitest's module runner stands between import() and the file.
    write('.kubelintrc.cjs', jsProbe(false));
    expect(bin(['--trust-config', 'k8s']).status).toBe(1);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    expect(bin(['k8s'], { KUBELINT_TRUST_CONFIG: '1' }).status).toBe(1);
    expect(existsSync(marker)).toBe(true);
  }, T);

  it('cosmiconfig\'s meta config (.config/config.js in the directory kubelint runs in) is refused before it loads', () => {
    write('.config/config.cjs', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, '');\nmodule.exports = {};\n`);
    expectRefused(bin(['k8s']), '.config/config.cjs: executable config files run code');
  }, T);

  // A data meta config is loaded with cosmiconfig's default loaders too: its $import ran the JS.
  for (const [file, text] of [
    ['.config/config.json', '{"$import": "../evil.cjs"}'],
    ['.config/config.yaml', '$import: ../evil.cjs\n'],
    ['package.json', '{"name": "app", "cosmiconfig": {"$import": "evil.cjs"}}'],
    ['package.yaml', 'cosmiconfig:\n  $import: [evil.cjs]\n'],
  ] as const) {
    it(`a data meta config (${file}) that $imports a JS file is refused before it loads`, () => {
      write('evil.cjs', jsProbe(false));
      write(file, text);
      expectRefused(bin(['k8s']), `${file}: executable config files run code`);
    }, T);
  }

  it('a package.json with a kubelint key and no meta $import still loads, untrusted', () => {
    write('package.json', '{"name": "app", "kubelint": {"rules": {"no-privileged": "off"}}}');
    const run = bin(['k8s']);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('no-privileged');
  }, T);

  it('a JSON config cannot $import an executable one', () => {
    write('evil.cjs', jsProbe(false));
    write('.kubelint.json', '{"$import": "./evil.cjs"}');
    expectRefused(bin(['k8s']), 'evil.cjs: executable config files run code');
  }, T);

  it('JSON and YAML configs load as before, untrusted', async () => {
    write('.kubelintrc.yaml', 'rules:\n  no-privileged: off\n');
    const run = await runCli(['k8s'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('no-privileged');
  }, T);
});

describe('item 10/11: a config file reads nothing outside its own folder unless trusted', () => {
  // Before: policyData and a committed Rego printed a credentials file beside the checkout.
  const leak = 'package main\n\ndeny contains msg if {\n  input.kind == "Pod"\n  msg := sprintf("token %v", [data.token])\n}\n';
  const outside = () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'kubelint-home-'));
    writeFileSync(path.join(home, 'creds.json'), '{"token": "TOPSECRET-42"}\n');
    writeFileSync(path.join(home, 'values.yaml'), 'image: "TOPSECRET-43"\n');
    return home;
  };

  for (const rel of [false, true]) {
    it(`policyData naming a file outside the folder (${rel ? '../ path' : 'absolute path'}): exit 2, nothing of it printed`, () => {
      const home = outside();
      try {
        const creds = path.join(home, 'creds.json');
        write('policy/leak.rego', leak);
        write('.kubelint.json', JSON.stringify({ policies: ['policy'], policyData: [rel ? path.relative(dir, creds) : creds] }));
        const run = bin(['k8s']);
        expect(run.stdout + run.stderr).not.toContain('TOPSECRET');
        expect(run.status).toBe(2);
        expect(run.stderr).toContain('.kubelint.json: policyData names');
        expect(run.stderr).toContain('--trust-config');
        expect(bin(['--trust-config', 'k8s']).stdout).toContain('token TOPSECRET-42');
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    }, T);
  }

  it('a symlink inside the folder to a file outside is outside too; helm values outside likewise', () => {
    const home = outside();
    try {
      symlinkSync(path.join(home, 'creds.json'), path.join(dir, 'data.json'));
      write('policy/leak.rego', leak);
      write('.kubelint.json', JSON.stringify({ policies: ['policy'], policyData: ['data.json'] }));
      expectRefused(bin(['k8s']), '.kubelint.json: policyData names data.json, outside');
      write('chart/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
      write('.kubelint.json', JSON.stringify({ helm: { renders: [{ chart: 'chart', values: [path.join(home, 'values.yaml')] }] } }));
      expectRefused(bin(['chart']), '.kubelint.json: helm.renders.values names');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, T);
});

describe('item 10: a config file does not choose programs unless trusted', () => {
  const cases: Array<[string, string, () => void]> = [
    ['helm.binary', '{"helm": {"binary": "./tools/helm"}}', () => write('chart/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n')],
    ['kustomize.binary', '{"kustomize": {"binary": "tools/kustomize"}}', () => write('k8s/kustomization.yaml', 'resources: [pod.yaml]\n')],
    ['opa.binary', '{"opa": {"binary": "./tools/opa"}, "policies": ["policy"]}', () => write('policy/p.rego', 'package main\n\ndeny contains "x" if { false }\n')],
  ];
  for (const [key, config, setup] of cases) {
    it(`${key} naming a script committed in the repository: exit 2, the script never runs`, async () => {
      for (const tool of ['helm', 'kustomize', 'opa']) write(`tools/${tool}`, script(), 0o755);
      write('.kubelint.json', config);
      setup();
      const run = await runCli(['.'], { cwd: dir });
      expect(existsSync(marker)).toBe(false);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`.kubelint.json: ${key} names a program for kubelint to run`);
      expect(run.stderr).toContain('--trust-config');
    }, T);
  }

  it('a program outside the repository is refused too: `sh` would run the repository\'s ./build script', () => {
    // `kustomize build <dir>` through sh is `sh build <dir>`: a bare name is no safer than a path.
    write('build', script(), 0o755);
    write('.kubelint.json', '{"kustomize": {"binary": "sh"}}');
    write('k8s/kustomization.yaml', 'resources: [pod.yaml]\n');
    expectRefused(bin(['k8s']), '.kubelint.json: kustomize.binary names a program for kubelint to run');
  }, T);

  it('kustomize.allowRemote in a repository config is an opt-in to the network the repository cannot give itself', async () => {
    write('.kubelint.json', '{"kustomize": {"allowRemote": true}}');
    const run = await runCli(['k8s'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('.kubelint.json: kustomize.allowRemote');
    expect((await runCli(['k8s', '--trust-config'], { cwd: dir })).code).toBe(1);
  }, T);

  it('the environment (KUBELINT_HELM etc.) and the command line stay trusted', async () => {
    write('k8s/kustomization.yaml', 'resources: [pod.yaml]\n');
    const fake = write('elsewhere/kustomize', script(), 0o755);
    await lint(['k8s'], { cwd: dir, configFile: false, overrides: { kustomize: { binary: fake } } });
    expect(existsSync(marker)).toBe(true);
  }, T);

  it('a relative PATH entry (".") is not searched: a committed ./helm is not "helm on PATH"', () => {
    write('helm', script(), 0o755);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(onPath('helm', `.${path.delimiter}/nonexistent`)).toBeUndefined();
      expect(onPath('helm', `${dir}${path.delimiter}/nonexistent`)).toBe(path.join(dir, 'helm'));
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('item 10: rendering runs no repository code', () => {
  it('a Helm downloader plugin under the kustomization\'s helmGlobals.configHome never runs, even with allowRemote', async () => {
    write('hh/.data/plugins/dl/plugin.yaml', 'name: dl\nversion: 0.1.0\nusage: probe\ncommand: "$HELM_PLUGIN_DIR/run.sh"\ndownloaders:\n  - command: run.sh\n    protocols: [probe]\n');
    write('hh/.data/plugins/dl/run.sh', script(), 0o755);
    // An absolute configHome: a pull request knows where CI checks it out.
    write('kustomization.yaml', `helmGlobals:\n  configHome: ${path.join(dir, 'hh')}\nhelmCharts:\n  - name: demo\n    repo: probe://charts\n    version: 1.0.0\n`);
    const report = await lint(['.'], { cwd: dir, configFile: false, overrides: { kustomize: { allowRemote: true } } });
    expect(existsSync(marker)).toBe(false);
    expect(report.findings.filter((f) => f.ruleId === 'render-error').map((f) => f.message)).toEqual([expect.stringContaining('kustomize build failed for .')]);
  }, T);
});

describe('item 10: the GitHub Action never opts in for pull-request code', () => {
  const action = readAction(path.join(REPO_ROOT, 'action.yml'));
  const env = { ...process.env, GITHUB_EVENT_NAME: 'pull_request', KUBELINT_TRUST_CONFIG: '1' };

  it('a .kubelintrc.js in the pull request is refused even when the job sets KUBELINT_TRUST_CONFIG', async () => {
    mkdirSync(path.join(dir, '.git'));
    write('.kubelintrc.js', jsProbe(false));
    const run = await runAction(action, { actionPath: REPO_ROOT, workspace: dir, inputs: { paths: 'k8s' }, env, assume: ['install'] });
    expect(existsSync(marker)).toBe(false);
    expect(run.outputs.lint!['exit-code']).toBe('2');
    expect(run.steps.find((s) => s.id === 'lint')!.stderr).toContain('.kubelintrc.js: executable config files run code');
  }, T);

  it('--trust-config in `args` is refused on pull_request events', async () => {
    mkdirSync(path.join(dir, '.git'));
    write('.kubelintrc.js', jsProbe(false));
    for (const event of ['pull_request', 'pull_request_target']) {
      const run = await runAction(action, { actionPath: REPO_ROOT, workspace: dir, inputs: { paths: 'k8s', args: '--trust-config' }, env: { ...env, GITHUB_EVENT_NAME: event }, assume: ['install'] });
      expect(existsSync(marker)).toBe(false);
      const lintStep = run.steps.find((s) => s.id === 'lint')!;
      expect(lintStep.status).toBe(2);
      expect(lintStep.stdout).toContain('::error title=kubelint::--trust-config is refused on pull_request');
    }
  }, T);

  it('action.yml itself never passes the opt-in', () => {
    const lintStep = action.runs.steps.find((s) => s.id === 'lint')!;
    expect(lintStep.env!.KUBELINT_TRUST_CONFIG).toBe('');
    expect(lintStep.run!.replace(/^.*--trust-config is refused.*$/m, '')).not.toMatch(/args\+=\([^)]*--trust-config/);
  });
});
