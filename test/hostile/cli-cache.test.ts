// Hostile input, #21 item 13: a `.kubelintcache` committed to (or planted in) the repository
// must never decide a run. Each "machine" is its own KUBELINT_CACHE_DIR, where the per-user key
// of the cache's HMAC lives; the repository holds only the cache file.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJson } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { PRIVILEGED_POD } from '../helpers/privileged-pod.js';

const temp = tempDirs();

function repoWithPod(): string {
  const repo = temp('kubelint-cache-repo-');
  writeFileSync(path.join(repo, 'pod.yaml'), PRIVILEGED_POD);
  return repo;
}

/** Every stored report emptied, as an attacker would commit it: no findings, exit 0. */
function emptyFindings(file: string): void {
  let emptied = 0;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('{')) {
      // A signed envelope may carry its payload as a JSON string: empty that too, keep the MAC.
      try {
        return JSON.stringify(walk(JSON.parse(value)));
      } catch {
        return value;
      }
    }
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'findings' && Array.isArray(v)) {
        emptied += v.length;
        out[k] = [];
      } else if (k === 'counts') out[k] = { error: 0, warning: 0, info: 0, suppressed: 0, fatal: 0 };
      else out[k] = walk(v);
    }
    return out;
  };
  writeFileSync(file, JSON.stringify(walk(JSON.parse(readFileSync(file, 'utf8')))));
  expect(emptied).toBeGreaterThan(0);
}

const lint = (repo: string, cacheDir: string) => runJson(['pod.yaml', '--cache'], { cwd: repo, env: { KUBELINT_CACHE_DIR: cacheDir } });

describe('item 13: the cache file is never trusted from the repository', () => {
  it('a cache written on another machine (another key) is refused with a note, and the run is full', async () => {
    const repo = repoWithPod();
    const attacker = temp('kubelint-machine-a-');
    expect((await lint(repo, attacker)).code).toBe(1);
    emptyFindings(path.join(repo, '.kubelintcache'));
    // The attacker's own machine would now accept it (they hold its key)...
    // ...but CI, with its own key, must not.
    const ci = await lint(repo, temp('kubelint-machine-b-'));
    expect(ci.code).toBe(1);
    expect(ci.report!.findings.map((f) => [f.ruleId, f.line, f.column])).toContainEqual(['no-privileged', 9, 9]);
    expect(ci.stderr).toMatch(/^kubelint: ignoring cache file \.kubelintcache: not written by this user on this machine, or modified; linting in full\n/m);
  });

  it('a cache edited on the same machine (findings emptied) is refused with a note, then rewritten', async () => {
    const repo = repoWithPod();
    const machine = temp('kubelint-machine-');
    expect((await lint(repo, machine)).code).toBe(1);
    emptyFindings(path.join(repo, '.kubelintcache'));
    const tampered = await lint(repo, machine);
    expect(tampered.code).toBe(1);
    expect(tampered.report!.findings.some((f) => f.ruleId === 'no-privileged')).toBe(true);
    expect(tampered.stderr).toContain('ignoring cache file');
    // The full run rewrote a valid cache: the next run hits it silently, with the same findings.
    const again = await lint(repo, machine);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('');
    expect(again.report!.findings).toEqual(tampered.report!.findings);
  });

  it('keeps the key outside the repository, readable by its owner only', async () => {
    const repo = repoWithPod();
    const machine = temp('kubelint-machine-');
    await lint(repo, machine);
    const key = path.join(machine, 'cache-key');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(repo, '.kubelintcache'), 'utf8')).not.toContain(readFileSync(key).toString('hex'));
  });

  it("--changed's namespace index is signed too: a forged index cannot hide a file from the context", async () => {
    // The Deployment's PDB lives in another file of its namespace: without it, pdb-required fires.
    const repo = temp('kubelint-cache-repo-');
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: registry.example/web:1.0.0\n';
    writeFileSync(path.join(repo, 'web.yaml'), deploy);
    writeFileSync(path.join(repo, 'pdb.yaml'), 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n');
    const machine = temp('kubelint-machine-');
    const changed = () => runJson(['--changed', 'web.yaml'], { cwd: repo, env: { KUBELINT_CACHE_DIR: machine } });
    const first = await changed();
    expect(first.report!.findings.map((f) => f.ruleId)).not.toContain('pdb-required');
    // Someone rewrites the index: each entry claims a namespace of its own, MAC left as it was.
    const [name] = readdirSync(path.join(machine, 'context')).filter((n) => n.endsWith('.json'));
    const index = path.join(machine, 'context', name!);
    const stored = readFileSync(index, 'utf8');
    const mac = stored.slice(0, stored.indexOf('\n'));
    const entries = JSON.parse(stored.slice(mac.length + 1)) as Record<string, { buckets: string[] }>;
    Object.values(entries).forEach((entry, i) => (entry.buckets = [`elsewhere-${i}`]));
    writeFileSync(index, `${mac}\n${JSON.stringify(entries)}`);
    const second = await changed();
    expect(second.report!.findings).toEqual(first.report!.findings);
    expect(second.report!.summary.resources).toBe(2);
  });
});
