// --changed keeps the per-resource findings of the changed files' objects by content
// (cache/resource-findings.ts). Each case edits what a stale cache would get wrong, and holds the
// run to the full run's findings in the changed file, finding for finding: the settings (config,
// presets), CRDs and Namespaces in other files, suppression comments, and an object copied into
// another file (locations come from where the object sits now). A signed entry the test plants
// proves the cache is read at all; an unsigned edit is refused.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runJson } from '../helpers/cli.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function repoOf(files: Record<string, string>) {
  const repo = mkdtempSync(path.join(tmpdir(), 'kubelint-findings-cache-'));
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'kubelint-findings-key-'));
  made.push(repo, cacheDir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(repo, name), text);
  return { repo, env: { KUBELINT_CACHE_DIR: cacheDir }, cacheDir };
}

type Report = NonNullable<Awaited<ReturnType<typeof runJson>>['report']>;
const inFile = (report: Report, file: string) => report.findings.filter((f) => f.file === file);

/** --changed on `changed` equals the full run there; returns its findings. */
async function same(repo: string, env: Record<string, string>, changed: string) {
  const full = await runJson(['.'], { cwd: repo, env });
  const partial = await runJson(['--changed', changed], { cwd: repo, env });
  expect(partial.stderr).toBe('');
  expect(partial.report!.findings).toEqual(inFile(full.report!, changed));
  return partial.report!.findings;
}

const deployment = (ns: string, extra = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${ns}\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n${extra}`;

/** The findings entries: one signed file per object in a folder per settings. */
const entries = (cacheDir: string) => {
  const root = path.join(cacheDir, 'findings');
  return readdirSync(root).flatMap((d) =>
    readdirSync(path.join(root, d))
      .filter((n) => n.endsWith('.json'))
      .map((n) => path.join(root, d, n)),
  );
};

describe('--changed: per-resource findings from the cache equal a full run', () => {
  it('is written by a --changed run and read by the next (a planted, signed entry is served)', async () => {
    const { repo, env, cacheDir } = repoOf({ 'app.yaml': deployment('shop') });
    const first = await same(repo, env, 'app.yaml');
    expect(first.length).toBeGreaterThan(0);
    const stored = entries(cacheDir);
    expect(stored).toHaveLength(1);
    const file = stored[0]!;
    const name = `${path.basename(path.dirname(file))}/${path.basename(file)}`; // settings folder/entry
    const key = readFileSync(path.join(cacheDir, 'cache-key'));
    const signed = (body: string, bound = name) => `${createHmac('sha256', key).update(bound + body).digest('hex')}\n${body}`;
    // Replace the object's findings with one it never had, signed with the user's key: served.
    const planted = JSON.stringify([{ ruleId: 'api-validation', message: 'planted', path: ['spec'] }]);
    writeFileSync(file, signed(planted));
    const served = await runJson(['--changed', 'app.yaml'], { cwd: repo, env });
    expect(served.report!.findings.filter((f) => f.message === 'planted').map((f) => [f.line, f.column])).toEqual([[6, 1]]);
    // The same edit without the key's signature, signed for another object's name or another
    // settings folder (copied from a run with other settings), or not an entry at all, is refused:
    // the findings are computed again.
    const otherSettings = `${'2'.repeat(64)}/${path.basename(file)}`;
    for (const bad of [`${'0'.repeat(64)}\n${planted}`, signed(planted, `${path.basename(path.dirname(file))}/${'1'.repeat(64)}.json`), signed(planted, otherSettings), 'not an entry', '']) {
      writeFileSync(file, bad);
      await same(repo, env, 'app.yaml');
    }
  });

  it('follows config edits: rule options, levels and presets', async () => {
    const { repo, env } = repoOf({ 'app.yaml': deployment('shop') });
    const config = (text: string) => writeFileSync(path.join(repo, '.kubelintrc.yaml'), text);
    const rules = async () => (await same(repo, env, 'app.yaml')).map((f) => `${f.ruleId}:${f.severity}`).sort();
    const plain = await rules();
    config('rules:\n  image-tag-pinned: off\n');
    expect(await rules()).not.toEqual(plain);
    config('rules:\n  image-tag-pinned:\n    severity: error\n    options: {requireDigest: true}\n');
    const digest = await rules();
    expect(digest).toContain('image-tag-pinned:error');
    config('presets: [all]\n');
    expect((await rules()).length).toBeGreaterThan(plain.length);
    config('');
    expect(await rules()).toEqual(plain);
  });

  it('follows suppression comments and a trailing edit of the changed file', async () => {
    const { repo, env } = repoOf({ 'app.yaml': deployment('shop') });
    const before = await same(repo, env, 'app.yaml');
    const target = before.find((f) => f.ruleId === 'image-tag-pinned')!;
    expect(target).toBeDefined();
    writeFileSync(path.join(repo, 'app.yaml'), `${deployment('shop')}# an edit\n`.replace('          image: nginx:latest', '          # kubelint-disable-next-line image-tag-pinned -- test\n          image: nginx:latest'));
    const after = await same(repo, env, 'app.yaml');
    expect(after.find((f) => f.ruleId === 'image-tag-pinned')?.suppressed).toBeDefined();
  });

  it('tells the string "\\0Infinity" from YAML .inf (same JSON text once infinities are written as strings)', async () => {
    const cm = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\ndata:\n  size: ${value}\n`;
    const { repo, env } = repoOf({ 'cm.yaml': cm('"\\0Infinity"') });
    // A string: a valid ConfigMap value. Its findings are kept under its content.
    expect((await same(repo, env, 'cm.yaml')).filter((f) => f.ruleId === 'schema')).toHaveLength(0);
    // A number is not: the cached findings of the string must not be served for it.
    writeFileSync(path.join(repo, 'cm.yaml'), cm('.inf'));
    expect((await same(repo, env, 'cm.yaml')).filter((f) => f.ruleId === 'schema')).toHaveLength(1);
  });

  it('locates an object copied into another file where it sits now', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: pay\n---\n';
    const { repo, env } = repoOf({ 'a.yaml': deployment('shop'), 'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: ops\n' });
    const a = await same(repo, env, 'a.yaml');
    // The same object, 6 lines further down in another file and another namespace's company.
    writeFileSync(path.join(repo, 'b.yaml'), `${cm}${deployment('shop')}`);
    const b = await same(repo, env, 'b.yaml');
    const image = (fs: typeof a) => fs.find((f) => f.ruleId === 'image-tag-pinned')!;
    expect(image(b).line).toBe(image(a).line! + 6);
    expect(image(b).file).toBe('b.yaml');
  });

  it('follows a CRD edited in another file (custom resources are not kept)', async () => {
    const crd = (type: string) =>
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                size: {type: ${type}}\n`;
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\nspec:\n  size: 3\n';
    const { repo, env } = repoOf({ 'crd.yaml': crd('integer'), 'widget.yaml': widget });
    expect((await same(repo, env, 'widget.yaml')).filter((f) => f.ruleId === 'schema')).toHaveLength(0);
    writeFileSync(path.join(repo, 'crd.yaml'), crd('string'));
    expect((await same(repo, env, 'widget.yaml')).filter((f) => f.ruleId === 'schema')).toHaveLength(1);
  });

  it("follows a Namespace's pod-security labels in another file, and a namespace renamed in the changed file", async () => {
    const ns = (level: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: ${level}\n`;
    const privileged = '          securityContext:\n            privileged: true\n';
    const { repo, env } = repoOf({ 'ns.yaml': ns('privileged'), 'app.yaml': deployment('shop', privileged) });
    const pss = async () => (await same(repo, env, 'app.yaml')).filter((f) => f.ruleId.startsWith('pss-')).map((f) => `${f.ruleId}:${f.severity}`);
    const open = await pss();
    writeFileSync(path.join(repo, 'ns.yaml'), ns('baseline'));
    const enforced = await pss();
    expect(enforced).not.toEqual(open);
    expect(enforced).toContain('pss-privileged:error');
    // Moved out of the labelled namespace: the labels no longer judge it.
    writeFileSync(path.join(repo, 'app.yaml'), deployment('pay', privileged));
    expect(await pss()).toEqual(open);
  });
});
