// Users' policies in the webhook: the same verdicts as the CLI on the same resources (a policy
// in kubelint's contract and one in conftest's dialect), a failing policy answered per the
// failure policy, and a reload when the policy files change, through the real HTTPS server.
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { linterFor } from '../../src/engine/linter-factory.js';
import type { Linter } from '../../src/engine/engine.js';
import { loadInputs } from '../../src/load/index.js';
import { identifyResources } from '../../src/load/resources.js';
import type { Resource } from '../../src/types.js';
import { staticInventory } from '../../src/webhook/inventory.js';
import { describeViolation, formatWarnings } from '../../src/webhook/messages.js';
import { createAdmissionPolicy } from '../../src/webhook/policy.js';
import { contentHash } from '../../src/webhook/policy-reload.js';
import { parseReview } from '../../src/webhook/review.js';
import { startWebhook } from '../../src/webhook/webhook.js';
import { policyEnv } from '../policy/helpers.js';
import { captureLogs, createReview, makeCertificate, postReview, tempDir } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { env } = policyEnv();
const cliOnly = new Set(['unused-suppression']);

function userConfig(policies: string[], extra: Partial<ResolvedConfig> = {}): ResolvedConfig {
  const base = defaultConfig(ROOT);
  return { ...base, policies, ...extra, webhook: { ...base.webhook, mode: 'enforce', crossResource: 'deny', ...extra.webhook } };
}

function sourceless(r: Resource): Resource {
  const { manifest: _m, ...rest } = r;
  return { ...rest, basePath: [] };
}

describe('user policies at admission', () => {
  let config: ResolvedConfig;
  let linter: Linter;
  let resources: Resource[];
  beforeAll(async () => {
    config = userConfig([path.join(ROOT, 'fixtures/policies/contract'), path.join(ROOT, 'fixtures/policies/conftest/policy')]);
    linter = await linterFor(config, { cwd: ROOT, env });
    const loaded = await loadInputs(['fixtures/policies/contract-manifests', 'fixtures/policies/conftest/manifests'], config, { cwd: ROOT });
    resources = identifyResources(loaded.manifests).resources;
  }, 60_000);

  it('denies with exactly the CLI\'s findings for every resource (contract and conftest rules)', () => {
    // The CLI's view: each resource's own findings among the whole batch's, user rules only.
    const user = (id: string) => linter.rules.get(id)?.origin === 'user';
    const cli = linter.lint(resources, { config });
    let compared = 0;
    const onlyUser: ResolvedConfig = { ...config, rules: Object.fromEntries([...linter.rules.values()].filter((r) => r.origin !== 'user').map((r) => [r.id, { severity: 'off' as const }])) };
    for (const target of resources) {
      const expected = cli
        .filter((f) => user(f.ruleId) && !cliOnly.has(f.ruleId) && f.resource?.kind === target.kind && f.resource.name === target.name)
        .map((f) => describeViolation({ ruleId: f.ruleId, path: f.path, message: f.message }));
      const policy = createAdmissionPolicy({ linter, config: onlyUser, inventory: staticInventory([]), exemptNamespaces: new Set() });
      const decision = policy.decide(parseReview(createReview(sourceless(target), `uid-${compared}`)));
      const denied = decision.response.status?.message.split('\n').slice(1).map((l) => l.replace(/^- /, '')) ?? [];
      const warned = decision.response.warnings ?? [];
      // Warnings are cut at 120 characters, as the API server wants them.
      const shown = expected.map((l) => (denied.includes(l) ? l : formatWarnings([], [l])[0]!));
      expect([...denied, ...warned].sort(), `${target.kind}/${target.name}`).toEqual(shown.sort());
      compared++;
    }
    expect(compared).toBe(7);
    // The team-label and registry rules deny the "web" Deployment.
    const web = resources.find((r) => r.name === 'web')!;
    const denial = createAdmissionPolicy({ linter, config: onlyUser, inventory: staticInventory([]), exemptNamespaces: new Set() }).decide(parseReview(createReview(sourceless(web), 'web')));
    expect(denial.response.allowed).toBe(false);
    expect(denial.response.status!.message).toContain('[team-label] metadata.labels: Deployment "web" has no team label');
  });

  it('answers a failing user policy per the failure policy', async () => {
    const failing = userConfig([path.join(ROOT, 'fixtures/policies/errors/runtime.rego')], { webhook: { ...defaultConfig(ROOT).webhook, failurePolicy: 'deny' } });
    const failingLinter = await linterFor(failing, { cwd: ROOT, env });
    const web = resources.find((r) => r.name === 'web')!;
    const decision = createAdmissionPolicy({ linter: failingLinter, config: failing, inventory: staticInventory([]), exemptNamespaces: new Set() }).decide(parseReview(createReview(sourceless(web), 'fails')));
    expect(decision.outcome).toBe('failed-closed');
    expect(decision.response.allowed).toBe(false);
    expect(decision.response.status!.message).toBe('kubelint could not evaluate this request (a user policy failed: fixtures/policies/errors/runtime.rego:11); failure policy is deny');
  }, 60_000);

  it('reloads the policies when their files change, keeping the old ones when the new fail to build', async () => {
    const dir = tempDir();
    const policyDir = path.join(dir, 'policy');
    cpSync(path.join(ROOT, 'fixtures/policies/contract'), policyDir, { recursive: true });
    const tls = makeCertificate(dir);
    const live = userConfig([policyDir], { webhook: { ...defaultConfig(ROOT).webhook, port: 0, tlsCert: tls.cert, tlsKey: tls.key, mode: 'enforce' } });
    const logs = captureLogs();
    const load = () => linterFor(live, { cwd: dir, env });
    const webhook = await startWebhook({
      config: live,
      linter: await load(),
      logger: logs,
      inventory: { view: staticInventory([]) },
      host: '127.0.0.1',
      userPolicies: { paths: [policyDir], hash: () => contentHash([policyDir], []), load, debounceMs: 50, pollMs: 0 },
    });
    try {
      const web = sourceless(resources.find((r) => r.name === 'web')!);
      const verdict = async () => (await postReview(webhook.address.port, tls.pem, createReview(web, 'reload'))).json().response;
      expect((await verdict()).status.message).toContain('has no team label');

      // A ConfigMap update: the new file is written aside and renamed over the old one.
      const file = path.join(policyDir, 'team_label.rego');
      const swap = (text: string) => {
        writeFileSync(`${file}.new`, text);
        renameSync(`${file}.new`, file);
      };
      const original = readFileSync(file, 'utf8');
      swap(original.replace('has no team label', 'names no owning team'));
      await until(async () => JSON.stringify(await verdict()).includes('names no owning team'));
      expect(logs.entries().some((e) => e.msg === 'user policies reloaded')).toBe(true);

      swap('package acme.team_label\n\nviolation contains x if {\n');
      await until(() => logs.entries().some((e) => e.msg === 'new user policies rejected; keeping the current ones'));
      expect((await verdict()).status.message).toContain('names no owning team');
    } finally {
      await webhook.shutdown(100);
    }
  }, 120_000);
});

async function until(condition: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out waiting for the reload');
    await new Promise((r) => setTimeout(r, 50));
  }
}
