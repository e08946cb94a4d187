// Hostile input, round 2 (#21 item 12): a lint never reaches the network unless
// `kustomize.allowRemote` says so. A loopback HTTP server counts every request (0 by default);
// a fake `git` first on PATH records every call (none by default). Real kustomize and helm.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { renderEnv } from '../../src/load/tool-env.js';
import { findTool, runTool } from '../../src/load/tools.js';
import type { Report } from '../../src/types.js';

const T = 120_000;
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: fetched\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';
let server: Server;
let base: string;
const requests: string[] = [];
let dir: string;
let gitLog: string;
let savedPath: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/yaml' });
    res.end(req.url?.endsWith('.json') ? '{"type":"object"}' : POD);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  requests.length = 0;
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-trust-net-'));
  // A `git` that records its arguments and fails: kustomize clones remote bases with git.
  const bin = path.join(dir, '.fake-bin');
  mkdirSync(bin);
  gitLog = path.join(dir, 'git-calls.log');
  writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$@" >> '${gitLog}'\nexit 1\n`);
  chmodSync(path.join(bin, 'git'), 0o755);
  savedPath = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
});
afterEach(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, text: string): void {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const gitCalls = () => (existsSync(gitLog) ? readFileSync(gitLog, 'utf8').trim().split('\n') : []);
const renderErrors = (report: Report) => report.findings.filter((f) => f.ruleId === 'render-error').map((f) => f.message);
const run = (allowRemote?: boolean) => lint(['.'], { cwd: dir, configFile: false, overrides: allowRemote ? { kustomize: { allowRemote } } : {} });

/** A vendored chart with one ConfigMap (kustomize's helmCharts and plain renders use it). */
function chart(at: string, extra: Record<string, string> = {}): void {
  write(`${at}/Chart.yaml`, 'apiVersion: v2\nname: demo\nversion: 0.1.0\n');
  write(`${at}/values.yaml`, 'greeting: hello\n');
  write(`${at}/templates/cm.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  greeting: {{ .Values.greeting | quote }}\n');
  for (const [rel, text] of Object.entries(extra)) write(`${at}/${rel}`, text);
}

/** Packs a subchart whose values schema refers to the server, as charts/sub-0.1.0.tgz of `at`. */
function packagedSubchart(at: string): void {
  chart(`${at}/.src/sub`, { 'values.schema.json': JSON.stringify({ properties: { greeting: { $ref: `${base}/sub.json` } } }) });
  write(`${at}/.src/sub/Chart.yaml`, 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
  mkdirSync(path.join(dir, at, 'charts'), { recursive: true });
  const tar = spawnSync('tar', ['czf', path.join(dir, at, 'charts', 'sub-0.1.0.tgz'), '-C', path.join(dir, at, '.src'), 'sub']);
  expect(tar.status).toBe(0);
  rmSync(path.join(dir, at, '.src'), { recursive: true });
  write(`${at}/Chart.yaml`, 'apiVersion: v2\nname: demo\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n');
}

describe('item 12: kustomize reaches no network by default', () => {
  it('an http resource is not fetched (0 requests); with allowRemote it is (the server works)', async () => {
    write('kustomization.yaml', `resources:\n  - ${base}/pod.yaml\n`);
    const report = await run();
    expect(requests).toEqual([]);
    expect(renderErrors(report)).toEqual([expect.stringContaining(`uses remote base ${base}/pod.yaml, which kubelint does not fetch`)]);
    await run(true);
    expect(requests).toEqual(['/pod.yaml']);
  }, T);

  it('a patch, a generator file, a CRD and an openapi schema given by URL are not fetched', async () => {
    write('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\n');
    write(
      'kustomization.yaml',
      [
        'resources: [cm.yaml]',
        'patches:',
        `  - path: ${base}/patch.yaml`,
        'configMapGenerator:',
        '  - name: gen',
        `    files: [${base}/file.txt]`,
        `crds: [${base}/crd.yaml]`,
        'openapi:',
        `  path: ${base}/schema.json`,
        '',
      ].join('\n'),
    );
    const report = await run();
    expect(requests).toEqual([]);
    const [error, ...more] = renderErrors(report);
    expect(more).toEqual([]);
    expect(error).toContain('which kubelint does not fetch');
    for (const p of ['/patch.yaml', '/file.txt', '/crd.yaml', '/schema.json']) expect(error).toContain(`${base}${p}`);
  }, T);

  it('helmCharts: a values file by URL and a chart whose vendored copy is not where kustomize looks are not fetched', async () => {
    // repo + version: kustomize looks in charts/demo-0.1.0/demo, not charts/demo, and pulls otherwise.
    chart('charts/demo');
    write('kustomization.yaml', `helmCharts:\n  - name: demo\n    repo: ${base}/charts\n    version: 0.1.0\n    valuesFile: ${base}/values.yaml\n`);
    const report = await run();
    expect(requests).toEqual([]);
    const [error] = renderErrors(report);
    expect(error).toContain(`helm chart demo from ${base}/charts`);
    expect(error).toContain(`${base}/values.yaml`);
  }, T);

  it('a git URL under transformers (or in a transformer folder) never spawns git', async () => {
    write('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\n');
    write('kustomization.yaml', 'resources: [cm.yaml]\ntransformers:\n  - https://github.com/example/platform//transformers?ref=v1.2.3\n  - local-transformers\n');
    write('local-transformers/kustomization.yaml', 'resources:\n  - github.com/example/labels//base?ref=v2\n');
    const report = await run();
    expect(gitCalls()).toEqual([]);
    const [error] = renderErrors(report);
    expect(error).toContain('https://github.com/example/platform//transformers?ref=v1.2.3');
    expect(error).toContain('github.com/example/labels//base?ref=v2');
  }, T);

  it('a remote base (git URL) never spawns git; with allowRemote kustomize does try git (the probe works)', async () => {
    write('kustomization.yaml', 'resources:\n  - github.com/example/platform//deploy/base?ref=v1.2.3\n');
    await run();
    expect(gitCalls()).toEqual([]);
    await run(true);
    expect(gitCalls().length).toBeGreaterThan(0);
  }, T);
});

describe('item 12: helm renders reach no network', () => {
  it('a values.schema.json $ref by URL is not fetched; the render says why', async () => {
    chart('chart', {
      'values.schema.json': JSON.stringify({ type: 'object', properties: { greeting: { $ref: `${base}/greeting.json` } } }),
    });
    const report = await run();
    expect(requests).toEqual([]);
    expect(renderErrors(report)).toEqual([expect.stringContaining(`chart/values.schema.json refers to ${base}/greeting.json`)]);
  }, T);

  it('a packaged subchart (charts/*.tgz) whose values.schema.json has a $ref by URL is not fetched', async () => {
    chart('chart');
    packagedSubchart('chart');
    const report = await run();
    expect(requests).toEqual([]);
    expect(renderErrors(report)).toEqual([expect.stringContaining(`chart/charts/sub-0.1.0.tgz:sub/values.schema.json refers to ${base}/sub.json`)]);
  }, T);

  it('a dependency from a repository that is not vendored is not fetched (helm template never updates dependencies)', async () => {
    chart('chart');
    write('chart/Chart.yaml', `apiVersion: v2\nname: demo\nversion: 0.1.0\ndependencies:\n  - name: dep\n    version: 1.0.0\n    repository: ${base}/charts\n`);
    await run();
    expect(requests).toEqual([]);
  }, T);

  it('helmCharts in a kustomization: a values.schema.json $ref by URL is not fetched either', async () => {
    chart('charts/demo', { 'values.schema.json': JSON.stringify({ $ref: `${base}/values.json` }) });
    write('kustomization.yaml', 'helmCharts:\n  - name: demo\n');
    const report = await run();
    expect(requests).toEqual([]);
    expect(renderErrors(report)).toEqual([expect.stringContaining(`uses remote base ${base}/values.json (in charts/demo/values.schema.json), which kubelint does not fetch`)]);
  }, T);

  it('helmCharts in a kustomization: nor in a packaged subchart of the chart', async () => {
    chart('charts/demo');
    packagedSubchart('charts/demo');
    write('kustomization.yaml', 'helmCharts:\n  - name: demo\n');
    const report = await run();
    expect(requests).toEqual([]);
    expect(renderErrors(report)).toEqual([expect.stringContaining(`uses remote base ${base}/sub.json (in charts/demo/charts/sub-0.1.0.tgz:sub/values.schema.json)`)]);
  }, T);
});

describe('item 12: the second wall (the environment helm and kustomize run in)', () => {
  it('a fetch the checks before the build missed fails at a dead proxy instead of reaching the address', async () => {
    // A non-loopback address (Go sends loopback past any proxy); 192.0.2.1 is TEST-NET-1.
    chart('chart', { 'values.schema.json': JSON.stringify({ $ref: 'https://192.0.2.1/x.json' }) });
    const helm = findTool('helm');
    if ('error' in helm) throw new Error(helm.error);
    const result = await runTool(helm.command, ['template', path.join(dir, 'chart')], undefined, renderEnv(false));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('proxyconnect tcp: dial tcp 0.0.0.0:0');
  }, T);

  it('git may use no transport; Helm loads no plugin; allowRemote lifts only the network wall', async () => {
    const git = await runTool({ binary: '/usr/bin/env', prefix: [], via: 'path' }, ['git', 'ls-remote', `${base}/repo.git`], undefined, { ...renderEnv(false), PATH: savedPath });
    expect(git.stderr).toContain("transport 'http' not allowed");
    expect(requests).toEqual([]);
    expect(renderEnv(false)).toMatchObject({ HELM_NO_PLUGINS: '1', HELM_PLUGINS: '/dev/null', GIT_ALLOW_PROTOCOL: '' });
    expect(renderEnv(true, { PATH: '/bin' })).toEqual({ PATH: '/bin', HELM_NO_PLUGINS: '1', HELM_PLUGINS: '/dev/null' });
  }, T);
});
