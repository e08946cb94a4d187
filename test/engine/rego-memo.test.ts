// The Rego evaluation's results kept by their input (src/engine/rego-memo.ts): a second evaluation
// of the same input reads the first one's results, with the same violations; an entry that does not
// verify (edited, copied under another input's name, another user's key) or is not a result is
// evaluated again; another input is another entry; a folder that cannot be written costs nothing.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { Check } from '../../src/engine/check.js';
import { loadRegoCheck } from '../../src/engine/rego.js';
import { readPolicyWasm } from '../../src/engine/rego-files.js';
import { regoResultStoreUse, useRegoResultStore, type RegoResultsHome } from '../../src/engine/rego-memo.js';
import { writeSignedSerialized } from '../../src/cache/signed-file.js';
import type { Resource } from '../../src/types.js';
import { runJson } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';

const temp = tempDirs();

function resource(object: Record<string, unknown>): Resource {
  const metadata = object.metadata as { name: string; namespace?: string };
  return { apiVersion: String(object.apiVersion), kind: String(object.kind), name: metadata.name, ...(metadata.namespace ? { namespace: metadata.namespace } : {}), object, basePath: [] };
}

/** A Deployment with findings of several rules (no limits, no probes, a mutable tag, privileged). */
function deployment(name: string, image = 'nginx:latest'): Resource {
  return resource({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image, securityContext: { privileged: true } }] } },
    },
  });
}

const config = (): ResolvedConfig => defaultConfig('/tmp');
const policyDigest = () => createHash('sha256').update(readPolicyWasm()).digest('hex');

let check: Check;
beforeAll(async () => {
  ensurePoliciesBuilt();
  check = await loadRegoCheck();
});

afterEach(() => useRegoResultStore(undefined));

function setup() {
  const home: RegoResultsHome = { dir: temp('kubelint-rego-memo-'), secret: randomBytes(32), version: 'test' };
  useRegoResultStore(home);
  const folder = path.join(home.dir, 'rego');
  const entries = () => (existsSync(folder) ? readdirSync(folder) : []).filter((n) => n.endsWith('.bin')).map((n) => path.join(folder, n)).sort();
  return { home, entries };
}

/** The violations of evaluating `batch` now, and what the store did meanwhile. */
function evaluated(batch: Resource[], cfg = config()) {
  const before = { ...regoResultStoreUse };
  const violations = check.run(batch, { config: cfg });
  return { violations, read: regoResultStoreUse.read - before.read, written: regoResultStoreUse.written - before.written };
}

describe('Rego results kept by input', () => {
  const batch = [deployment('web'), deployment('api', 'nginx')];
  let reference: ReturnType<typeof evaluated>['violations'];
  beforeAll(() => {
    reference = evaluated(batch).violations;
  });

  it('evaluates and stores a new input, then reads it back with the same violations', () => {
    expect(reference.map((v) => v.ruleId)).toEqual(expect.arrayContaining(['image-tag-pinned', 'no-privileged', 'resource-limits']));
    const { entries } = setup();
    expect(evaluated(batch)).toEqual({ violations: reference, read: 0, written: 1 });
    expect(entries()).toHaveLength(1);
    expect(evaluated(batch)).toEqual({ violations: reference, read: 1, written: 0 });
    expect(entries()).toHaveLength(1);
  });

  it('reads a stored unit by its JSON text, never encoding its input; a miss is encoded once, under the same name', () => {
    const { entries } = setup();
    const encode = vi.spyOn(TextEncoder.prototype, 'encode');
    try {
      expect(evaluated(batch)).toEqual({ violations: reference, read: 0, written: 1 });
      const encoded = encode.mock.calls.map(([text]) => text).filter((text) => text?.startsWith('{"resources":'));
      expect(encoded).toHaveLength(1);
      expect(path.basename(entries()[0]!, '.bin')).toBe(createHash('sha256').update(JSON.stringify([1, 'test', policyDigest(), 'kubelint/main'])).update('\u0000').update(encoded[0]!).digest('hex'));
      encode.mockClear();
      expect(evaluated(batch)).toEqual({ violations: reference, read: 1, written: 0 });
      expect(encode.mock.calls.filter(([text]) => text?.startsWith('{"resources":'))).toEqual([]);
    } finally {
      encode.mockRestore();
    }
  });

  it('is off unless turned on: the API and the webhook evaluate every time', () => {
    expect(evaluated(batch)).toEqual({ violations: reference, read: 0, written: 0 });
  });

  it('keeps another input apart: another object, or other rule options', () => {
    const { entries } = setup();
    evaluated(batch);
    const other = evaluated([deployment('web'), deployment('api', 'nginx:1.27')]);
    expect(other).toMatchObject({ read: 0, written: 1 });
    expect(other.violations.filter((v) => v.ruleId === 'image-tag-pinned')).toHaveLength(1);
    const options = { ...config(), rules: { 'image-tag-pinned': { severity: 'off' as const } } };
    const optioned = evaluated(batch, options);
    expect(optioned).toMatchObject({ read: 0, written: 1 });
    expect(optioned.violations.some((v) => v.ruleId === 'image-tag-pinned')).toBe(false);
    expect(entries()).toHaveLength(3);
  });

  it('evaluates again when an entry was edited, copied under another name, signed by another key or is not a result', () => {
    const { home, entries } = setup();
    evaluated(batch);
    const [file] = entries();
    const original = readFileSync(file!);
    // Edited: a byte of the body changed.
    const edited = Buffer.from(original);
    edited[edited.length - 3]! ^= 1;
    writeFileSync(file!, edited);
    expect(evaluated(batch)).toEqual({ violations: reference, read: 0, written: 1 });
    // Another input's entry under this input's name.
    const otherBatch = [deployment('web')];
    evaluated(otherBatch);
    const otherFile = entries().find((f) => f !== file)!;
    writeFileSync(file!, readFileSync(otherFile));
    expect(evaluated(batch)).toEqual({ violations: reference, read: 0, written: 1 });
    // Signed with another user's key.
    writeSignedSerialized(file!, randomBytes(32), [{}]);
    expect(evaluated(batch)).toEqual({ violations: reference, read: 0, written: 1 });
    // Signed with this key, but not the entrypoint's {rule id: violations}.
    for (const body of [[{ 'no-privileged': 'not a list' }], [[]], [{}, {}]]) {
      writeSignedSerialized(file!, home.secret, body);
      expect(evaluated(batch)).toEqual({ violations: reference, read: 0, written: 1 });
    }
    expect(evaluated(batch)).toEqual({ violations: reference, read: 1, written: 0 });
  });

  it('evaluates when the folder cannot be written, and stores nothing', () => {
    const home: RegoResultsHome = { dir: path.join(temp('kubelint-rego-memo-'), 'a-file'), secret: randomBytes(32), version: 'test' };
    writeFileSync(home.dir, '');
    useRegoResultStore(home);
    expect(evaluated(batch)).toEqual({ violations: reference, read: 0, written: 0 });
    expect(evaluated(batch)).toEqual({ violations: reference, read: 0, written: 0 });
  });
});

describe('the CLI keeps Rego results in the cache folder', () => {
  it('stores them on the first run and reads them on the next, with the same report', async () => {
    const repo = temp('kubelint-rego-memo-repo-');
    const cacheDir = temp('kubelint-rego-memo-cache-');
    writeFileSync(path.join(repo, 'app.yaml'), ['web', 'api'].map((name) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n`).join('---\n'));
    const env = { KUBELINT_CACHE_DIR: cacheDir };
    const before = { ...regoResultStoreUse };
    const first = await runJson(['--no-config', '.'], { cwd: repo, env });
    expect(regoResultStoreUse.written - before.written).toBe(1);
    expect(readdirSync(path.join(cacheDir, 'rego')).filter((n) => n.endsWith('.bin'))).toHaveLength(1);
    const second = await runJson(['--no-config', '.'], { cwd: repo, env });
    expect(regoResultStoreUse.read - before.read).toBe(1);
    expect(second.report).toEqual(first.report);
    const tag = second.report!.findings.find((f) => f.ruleId === 'image-tag-pinned' && f.resource?.name === 'api');
    expect(tag).toMatchObject({ file: 'app.yaml', line: 37, column: 11 });
  });
});
