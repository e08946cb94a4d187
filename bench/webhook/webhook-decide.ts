// In-process cost of one admission decision (no HTTP, no TLS) against namespaces of growing size:
// the part of a review that depends on the inventory.
//   npx vite-node bench/webhook/webhook-decide.ts -- [--workloads 0,10,30,100] [--decisions 2000] [--whole-namespace]
// --whole-namespace drops the rules' `reads`, so cross-resource rules get every inventory object
// (the behaviour before `reads` existed): the A/B for that change.
import { parseArgs } from 'node:util';
import { defaultConfig } from '../../src/config/defaults.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import { staticInventory } from '../../src/webhook/inventory.js';
import { createAdmissionPolicy } from '../../src/webhook/policy.js';
import { parseReview } from '../../src/webhook/review.js';
import { deploymentReview, namespaceResources } from './webhook-corpus.js';

const { values } = parseArgs({ options: { workloads: { type: 'string', default: '0,10,30,100' }, decisions: { type: 'string', default: '2000' }, 'whole-namespace': { type: 'boolean', default: false } } });
const decisions = Number(values.decisions);
const config = defaultConfig(process.cwd());
const linter = await getLinter();
if (values['whole-namespace']) for (const rule of linter.rules.values()) delete (rule as { reads?: string[] }).reads;

for (const workloads of values.workloads.split(',').map(Number)) {
  const resources = namespaceResources(workloads);
  const policy = createAdmissionPolicy({ linter, config, inventory: staticInventory(resources), exemptNamespaces: new Set() });
  const request = parseReview(deploymentReview('bench'));
  for (let i = 0; i < decisions / 5; i++) policy.decide(request);
  const times: number[] = [];
  for (let i = 0; i < decisions; i++) {
    const start = process.hrtime.bigint();
    policy.decide(request);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
  console.log(`namespace objects ${resources.length}: median ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms (${decisions} decisions)`);
}
