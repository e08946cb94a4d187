// The webhook decides every review on one Rego wasm instance (src/policy/wasm-evaluator.ts), grown
// in place when a review needs more memory. A review's decision must not depend on the reviews
// decided before it: each one here is decided on a shared policy after the others, and on a policy
// whose Rego check was never used, and the answers must be the same.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { apiValidationCheck } from '../../src/engine/api-validation/check.js';
import { duplicateCheck } from '../../src/engine/builtin.js';
import { createLinter } from '../../src/engine/engine.js';
import { createRegoCheck } from '../../src/engine/rego.js';
import { POLICY_DIR } from '../../src/engine/rego-files.js';
import { createSchemaCheck } from '../../src/engine/schema.js';
import { createSuppressor } from '../../src/engine/suppress.js';
import { staticInventory } from '../../src/webhook/inventory.js';
import { createAdmissionPolicy, type AdmissionPolicy } from '../../src/webhook/policy.js';
import { parseReview } from '../../src/webhook/review.js';
import { fixture, testConfig } from './helpers.js';

async function freshPolicy(): Promise<AdmissionPolicy> {
  const checks = [duplicateCheck, createSchemaCheck(defaultConfig(process.cwd())), apiValidationCheck, await createRegoCheck()];
  return createAdmissionPolicy({ linter: createLinter(checks, createSuppressor), config: testConfig(), inventory: staticInventory([]), exemptNamespaces: new Set(['kube-system']) });
}

/** A Deployment with many containers: a far larger wasm input than the others. */
function wideReview(): Record<string, any> {
  const review = fixture('create-deployment-violations.json');
  const spec = review.request.object.spec.template.spec;
  const [first] = spec.containers;
  spec.containers = Array.from({ length: 200 }, (_, i) => ({ ...first, name: `c${i}`, image: i % 2 ? 'nginx:latest' : 'registry.example/app@sha256:' + 'a'.repeat(64) }));
  return review;
}

describe.skipIf(!existsSync(path.join(POLICY_DIR, 'policy.wasm')))('reviews decided on one Rego instance', () => {
  it('decides each review as a policy that never saw another review does', async () => {
    const reviews = [fixture('create-deployment-violations.json'), fixture('create-deployment-compliant.json'), wideReview(), fixture('create-deployment-compliant.json'), fixture('create-deployment-violations.json')];
    const shared = await freshPolicy();
    const inTurn = reviews.map((r) => shared.decide(parseReview(r)).response);
    const alone = [];
    for (const r of reviews) alone.push((await freshPolicy()).decide(parseReview(r)).response);
    expect(inTurn).toEqual(alone);
    // The sequence says something: the three kinds of review are decided differently.
    expect(new Set(inTurn.map((r) => JSON.stringify({ ...r, uid: '' }))).size).toBe(3);
    expect(inTurn[0]!.allowed).toBe(false);
  });
});
