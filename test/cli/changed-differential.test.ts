// --changed reads only the files its findings can depend on (src/cli/changed-context.ts). This
// differential test holds it to the full run: a seeded repository of several namespaces is edited
// at random (field edits, resources moved between namespaces, deletions, new files, duplicates,
// a `kind: List` spanning namespaces, cluster-scoped objects), and after each edit the findings of
// `kubelint --changed <files>` (namespace index warm or cold) must equal the full run's findings in
// those files, finding for finding, with the same exit code.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runJson } from '../helpers/cli.js';

/** mulberry32: small, seeded, good enough to pick edits. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = ['shop', 'pay', 'ops'];

function resource(rand: () => number, n: number, namespace: string | undefined): string {
  const app = `app${Math.floor(rand() * 4)}`;
  const ns = namespace === undefined ? '' : `  namespace: ${namespace}\n`;
  switch (Math.floor(rand() * 7)) {
    case 0:
    case 1: {
      const privileged = rand() < 0.3 ? '          securityContext:\n            privileged: true\n' : '';
      const config = rand() < 0.3 ? `          envFrom:\n            - configMapRef:\n                name: cfg-${app}\n` : '';
      return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${n}\n${ns}spec:\n  replicas: ${1 + Math.floor(rand() * 3)}\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n      containers:\n        - name: c\n          image: registry.example/${app}:1.${n}\n${privileged}${config}`;
    }
    case 2:
      return `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${n}\n${ns}spec:\n  selector:\n    app: ${app}\n  ports:\n    - port: 80\n      targetPort: 8080\n`;
    case 3:
      return `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p${n}\n${ns}spec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: ${app}\n`;
    case 4:
      return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np${n}\n${ns}spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`;
    case 5:
      return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg-${app}\n${ns}data:\n  a: b\n`;
    default:
      // Cluster-scoped, with few names: duplicates across files and namespaces of the file.
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: role${Math.floor(rand() * 3)}\nrules: []\n`;
  }
}

function namespaceObject(name: string, level: string): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    pod-security.kubernetes.io/enforce: ${level}\n`;
}

function list(rand: () => number, n: number): string {
  const items = [0, 1].map((i) => {
    const ns = NAMESPACES[Math.floor(rand() * NAMESPACES.length)];
    return `  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: listed-${n}-${i}\n      namespace: ${ns}\n    data:\n      a: b\n`;
  });
  return `apiVersion: v1\nkind: List\nitems:\n${items.join('')}`;
}

function file(rand: () => number, n: number): string {
  const roll = rand();
  if (roll < 0.08) return list(rand, n);
  if (roll < 0.16) return namespaceObject(NAMESPACES[Math.floor(rand() * NAMESPACES.length)]!, rand() < 0.5 ? 'restricted' : 'baseline');
  // Most files keep to one namespace, some leave it out (the default), a few mix two.
  const home = rand() < 0.15 ? undefined : NAMESPACES[Math.floor(rand() * NAMESPACES.length)];
  const count = 1 + Math.floor(rand() * 4);
  return Array.from({ length: count }, (_, i) => resource(rand, n * 10 + i, rand() < 0.1 ? NAMESPACES[Math.floor(rand() * NAMESPACES.length)] : home)).join('---\n');
}

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

type Report = NonNullable<Awaited<ReturnType<typeof runJson>>['report']>;
const inFiles = (report: Report, files: readonly string[]) => report.findings.filter((f) => f.file !== null && files.includes(f.file));

describe('--changed reads less and reports the same as the full run', () => {
  afterEach(() => vi.useRealTimers());

  // "settled": the clock runs 10 s ahead of the files' times, so the context index records every
  // file's stamp and the next runs trust it (cache/file-stamps.ts) instead of reading the file.
  it.each([
    [20261206, 'now'],
    [7, 'now'],
    [20261206, 'settled'],
    [99, 'settled'],
  ])('seed %i, clock %s: random edits, moves between namespaces, deletions', async (seed, clock) => {
    if (clock === 'settled') {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 10_000);
    }
    const rand = random(seed);
    const repo = mkdtempSync(path.join(tmpdir(), 'kubelint-changed-diff-'));
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'kubelint-changed-cache-'));
    made.push(repo, cacheDir);
    const env = { KUBELINT_CACHE_DIR: cacheDir };
    let next = 0;
    const write = (name: string) => writeFileSync(path.join(repo, name), file(rand, next++));
    for (let i = 0; i < 14; i++) write(`f${i}.yaml`);
    const files = () => readdirSync(repo).filter((f) => f.endsWith('.yaml')).sort();
    const pick = () => files()[Math.floor(rand() * files().length)]!;
    let narrowed = 0;
    for (let round = 0; round < 10; round++) {
      const changed = new Set<string>();
      const action = rand();
      if (action < 0.45) {
        // Rewrite a file: new resources, often in another namespace than before (a move).
        const name = pick();
        write(name);
        changed.add(name);
      } else if (action < 0.65) {
        // Delete a file; the commit touches another one.
        if (files().length > 4) unlinkSync(path.join(repo, pick()));
        changed.add(pick());
      } else if (action < 0.85) {
        const name = `new${round}.yaml`;
        write(name);
        changed.add(name);
      } else {
        changed.add(pick());
        changed.add(pick());
      }
      const list = [...changed].sort();
      const full = await runJson(['.'], { cwd: repo, env });
      const partial = await runJson(['--changed', ...list], { cwd: repo, env });
      expect(partial.stderr, `round ${round}`).toBe('');
      const expected = inFiles(full.report!, list);
      expect(inFiles(partial.report!, list), `round ${round}: ${list.join(' ')}`).toEqual(expected);
      expect(partial.report!.findings.length).toBe(expected.length);
      expect(partial.code, `round ${round}`).toBe(expected.some((f) => f.severity === 'error') ? 1 : 0);
      if (partial.report!.summary.resources < full.report!.summary.resources) narrowed++;
      // A second run answers from the warm namespace index: the same report.
      const again = await runJson(['--changed', ...list], { cwd: repo, env });
      expect(again.report!.findings).toEqual(partial.report!.findings);
      if (clock === 'settled') vi.setSystemTime(Date.now() + 10_000); // this round's edits settle too
    }
    // The test proves something only if --changed really read less in most rounds.
    expect(narrowed).toBeGreaterThanOrEqual(5);
  });

  it("reads the whole input set when the config adds users' policies (their reach is unknown)", async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'kubelint-changed-user-'));
    made.push(repo);
    const cm = (ns: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ${ns}\n  labels: {team: a}\ndata:\n  a: b\n`;
    writeFileSync(path.join(repo, 'a.yaml'), cm('shop'));
    writeFileSync(path.join(repo, 'b.yaml'), cm('pay'));
    const env = { KUBELINT_CACHE_DIR: path.join(repo, '.cache') };
    const plain = await runJson(['--changed', 'a.yaml'], { cwd: repo, env });
    expect(plain.report!.summary.resources).toBe(1);
    const policies = path.resolve(import.meta.dirname, '../../fixtures/policies/contract');
    writeFileSync(path.join(repo, '.kubelint.json'), JSON.stringify({ include: ['a.yaml', 'b.yaml'], policies: [policies] }));
    // The policies live outside the repository's folder: a config may name them only when trusted.
    const withPolicies = await runJson(['--changed', 'a.yaml'], { cwd: repo, env: { ...env, KUBELINT_TRUST_CONFIG: '1' } });
    expect(withPolicies.report!.summary.resources).toBe(2);
  });
});

describe('--changed: what the narrowed run reads besides namespaces, and its store of parsed context files', () => {
  const repoOf = (files: Record<string, string>) => {
    const repo = mkdtempSync(path.join(tmpdir(), 'kubelint-changed-store-'));
    made.push(repo);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(repo, name), text);
    return { repo, env: { KUBELINT_CACHE_DIR: path.join(repo, '.cache') } };
  };
  const same = async (repo: string, env: Record<string, string>, changed: string) => {
    const full = await runJson(['.'], { cwd: repo, env });
    const partial = await runJson(['--changed', changed], { cwd: repo, env });
    expect(partial.stderr).toBe('');
    expect(partial.report!.findings).toEqual(inFiles(full.report!, [changed]));
    expect(partial.code).toBe(full.code === 2 ? 2 : inFiles(full.report!, [changed]).some((f) => f.severity === 'error') ? 1 : 0);
    return partial;
  };

  it('validates a changed custom resource against the CRD in an unchanged file (any namespace)', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                size: {type: integer, minimum: 1}\n`;
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\nspec:\n  size: 0\n';
    const { repo, env } = repoOf({ 'crd.yaml': crd, 'widget.yaml': widget, 'other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: pay\n' });
    const partial = await same(repo, env, 'widget.yaml');
    // Without the CRD the run said "no schema" instead of this.
    expect(partial.report!.findings.map((f) => [f.ruleId, f.line])).toEqual([['schema', 7]]);
    expect(partial.report!.summary.resources).toBe(2); // other.yaml (another namespace) is not read
  });

  it("reports a changed CRD's unusable version that only a custom resource in another namespace uses", async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              $ref: other.json\n`;
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: pay\nspec: {}\n';
    const { repo, env } = repoOf({ 'crd.yaml': crd, 'widget.yaml': widget });
    const partial = await same(repo, env, 'crd.yaml');
    // The version is checked only when some resource uses it: the run read widget.yaml (old code: nothing reported).
    expect(partial.report!.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['schema', 9, 3]]);
  });

  const configMap = (name: string, ns: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n  name: ${name}\n  namespace: ${ns}\ndata:\n  k: v\n`;

  it("names the first definition's position from the stored context file, as the full run does; a tampered entry is not used", async () => {
    // a-context.yaml sorts first: the duplicate in the changed file points at its metadata.name.
    const { repo, env } = repoOf({ 'a-context.yaml': `# header\n${configMap('c', 'shop')}`, 'b-changed.yaml': configMap('c', 'shop') });
    const cold = await same(repo, env, 'b-changed.yaml');
    expect(cold.report!.findings.find((f) => f.ruleId === 'duplicate-resource')?.message).toBe('ConfigMap "c" is already defined at a-context.yaml:6:3');
    const stored = readdirSync(path.join(env.KUBELINT_CACHE_DIR, 'parsed')).filter((n) => n.endsWith('.json'));
    expect(stored).toHaveLength(1); // the context file only: the changed one is parsed every run
    await same(repo, env, 'b-changed.yaml'); // from the store
    // Renamed in the store under the old signature: refused, the file is parsed, the duplicate stays.
    const entry = path.join(env.KUBELINT_CACHE_DIR, 'parsed', stored[0]!);
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('"name":"c"', '"name":"x"'));
    const tampered = await same(repo, env, 'b-changed.yaml');
    expect(tampered.report!.findings.some((f) => f.ruleId === 'duplicate-resource')).toBe(true);
  });

  it('sees a context file rewritten with the same size and modification time, and ignores an index edited without its signature', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 10_000); // every file's stamp is recorded (cache/file-stamps.ts)
      const { repo, env } = repoOf({ 'a-context.yaml': configMap('c', 'shop'), 'b-changed.yaml': configMap('c', 'shop') });
      const duplicate = async () => (await same(repo, env, 'b-changed.yaml')).report!.findings.some((f) => f.ruleId === 'duplicate-resource');
      expect(await duplicate()).toBe(true);
      expect(await duplicate()).toBe(true); // a-context.yaml by its stamp, not read
      // Moved to another namespace: same size, and the old modification time put back.
      const context = path.join(repo, 'a-context.yaml');
      const { mtime } = statSync(context);
      writeFileSync(context, configMap('c', 'spop'));
      utimesSync(context, mtime, mtime);
      vi.setSystemTime(Date.now() + 10_000);
      expect(await duplicate()).toBe(false);
      // The index says a-context.yaml holds no namespace, unsigned: refused, the file is read.
      writeFileSync(context, configMap('c', 'shop'));
      vi.setSystemTime(Date.now() + 10_000);
      expect(await duplicate()).toBe(true);
      const [index] = readdirSync(path.join(env.KUBELINT_CACHE_DIR, 'context')).filter((n) => n.endsWith('.json'));
      const indexFile = path.join(env.KUBELINT_CACHE_DIR, 'context', index!);
      const stored = readFileSync(indexFile, 'utf8');
      expect(stored).toContain('["shop"]');
      writeFileSync(indexFile, stored.replaceAll('["shop"]', '[]'));
      expect(await duplicate()).toBe(true);
      writeFileSync(indexFile, 'not an index');
      expect(await duplicate()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("applies and reports the changed file's suppressions as the full run does, beside suppressions in context files", async () => {
    const deployment = (name: string, annotations: string, comment: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\n${annotations}spec:\n  replicas: 2\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        # kubelint-disable-next-line no-privileged -- unused\n        - name: c\n${comment}          image: nginx:latest\n`;
    const ignore = (rules: string) => `  annotations:\n    kubelint.io/ignore: ${rules}\n    kubelint.io/ignore-reason: test\n`;
    const { repo, env } = repoOf({
      // Context: an annotation and comments that suppress its own findings, and one that suppresses nothing.
      'a-context.yaml': deployment('a', ignore('pdb-required'), '          # kubelint-disable-next-line image-tag-pinned -- test\n'),
      'b-changed.yaml': deployment('b', ignore('pdb-required,run-as-non-root'), '          # kubelint-disable-next-line image-tag-pinned -- test\n'),
    });
    // The cache outside the repository (the full run would lint the findings entries otherwise).
    env.KUBELINT_CACHE_DIR = mkdtempSync(path.join(tmpdir(), 'kubelint-changed-suppress-'));
    made.push(env.KUBELINT_CACHE_DIR);
    const findings = (await same(repo, env, 'b-changed.yaml')).report!.findings;
    expect(findings.filter((f) => f.suppressed).map((f) => f.ruleId)).toEqual(expect.arrayContaining(['image-tag-pinned', 'run-as-non-root']));
    expect(findings.some((f) => f.ruleId === 'unused-suppression')).toBe(true);
    await same(repo, env, 'b-changed.yaml'); // warm: context from the store, findings from the cache
  });

  it('stays equal to the full run when the config changes between runs (the store holds parses, not findings)', async () => {
    const { repo, env } = repoOf({ 'a.yaml': configMap('c', 'shop'), 'b.yaml': configMap('c', 'shop').replace('  namespace: shop\n', '') });
    const config = (text: string) => writeFileSync(path.join(repo, '.kubelintrc.yaml'), text);
    const rules = async () => (await same(repo, env, 'b.yaml')).report!.findings.map((f) => f.ruleId);
    // b.yaml's ConfigMap lands in shop: a duplicate of a.yaml's (a.yaml parsed, then stored).
    config('defaultNamespace: shop\n');
    expect(await rules()).toContain('duplicate-resource');
    config('defaultNamespace: pay\n');
    expect(await rules()).not.toContain('duplicate-resource');
    config('defaultNamespace: shop\nrules:\n  duplicate-resource: off\n');
    expect(await rules()).not.toContain('duplicate-resource');
    config('defaultNamespace: shop\n');
    expect(await rules()).toContain('duplicate-resource'); // a.yaml from the store
  });
});
