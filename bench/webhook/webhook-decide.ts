// In-process cost of one admission decision (no HTTP, no TLS): the part of a review that the
// policy, the rules and the inventory decide.
//   npx vite-node bench/webhook/webhook-decide.ts -- [--workloads 0,10,30,100] [--decisions 2000] [--whole-namespace]
//   npx vite-node bench/webhook/webhook-decide.ts -- --shapes bench/results/apiserver-shapes.json [--compare <checkout>]
// --workloads: a hand-made Deployment entering namespaces of growing size (webhook-corpus.ts).
// --whole-namespace drops the rules' `reads`, so cross-resource rules get every inventory object
// (the behaviour before `reads` existed): the A/B for that change.
// --shapes: the Deployment exactly as the API server sends it (defaults, managedFields) and its
// namespace as the API server lists it (kubectl's last-applied annotations), written by
// webhook-apiserver.ts. --compare: another checkout (built, with node_modules) decided in this
// same process, alternately in blocks of 50, so both see the same machine: before/after figures
// that a busy machine cannot skew one way. Each line gives wall-clock quantiles and CPU per decision.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deploymentReview, namespaceResources } from './webhook-corpus.js';

const { values } = parseArgs({
  options: {
    workloads: { type: 'string', default: '0,10,30,100' },
    decisions: { type: 'string', default: '2000' },
    'whole-namespace': { type: 'boolean', default: false },
    shapes: { type: 'string' },
    compare: { type: 'string' },
  },
});
const decisions = Number(values.decisions);
const BLOCK = 50;
const HERE = path.resolve(import.meta.dirname, '../..');

interface Shapes {
  /** The AdmissionReview of one create, as the API server sent it. */
  review: Record<string, any>;
  /** The namespace's objects and the Namespace, as the API server lists them. */
  objects: Array<Record<string, any>>;
}

/** One checkout's policy over a namespace, deciding one review. */
async function decider(root: string, scenario: { workloads: number } | Shapes): Promise<() => unknown> {
  const load = (file: string) => import(path.join(root, 'src', file));
  const { defaultConfig } = await load('config/defaults.js');
  const { getLinter } = await load('engine/linter-factory.js');
  const { staticInventory, toInventoryResource, INVENTORY_KINDS } = await load('webhook/inventory.js');
  const { createAdmissionPolicy } = await load('webhook/policy.js');
  const { parseReview } = await load('webhook/review.js');
  const linter = await getLinter();
  if (values['whole-namespace']) for (const rule of linter.rules.values()) delete (rule as { reads?: string[] }).reads;
  const inventory =
    'workloads' in scenario
      ? namespaceResources(scenario.workloads)
      : scenario.objects.flatMap((o) => {
          // As the webhook's reflectors would keep it (kinds it does not watch are not in its inventory).
          const kind = INVENTORY_KINDS.find((k: { kind: string }) => k.kind === o.kind);
          return kind ? [toInventoryResource(kind, o)] : [];
        });
  const policy = createAdmissionPolicy({ linter, config: defaultConfig(root), inventory: staticInventory(inventory), exemptNamespaces: new Set() });
  const request = parseReview('workloads' in scenario ? deploymentReview('bench') : structuredClone(scenario.review));
  return () => policy.decide(request);
}

function quantile(sorted: number[], q: number): string {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(3);
}

/** Decides with each side in turn, BLOCK decisions at a time; prints one line per side. */
function measure(label: string, sides: Array<{ name: string; decide: () => unknown }>): void {
  for (const side of sides) for (let i = 0; i < decisions / 5; i++) side.decide();
  const times = sides.map(() => [] as number[]);
  const cpu = sides.map(() => 0);
  for (let done = 0; done < decisions; done += BLOCK) {
    sides.forEach((side, k) => {
      const before = process.cpuUsage();
      for (let i = 0; i < BLOCK; i++) {
        const start = process.hrtime.bigint();
        side.decide();
        times[k]!.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const used = process.cpuUsage(before);
      cpu[k]! += used.user + used.system;
    });
  }
  sides.forEach((side, k) => {
    const sorted = times[k]!.sort((a, b) => a - b);
    const perDecision = (cpu[k]! / 1000 / sorted.length).toFixed(3);
    console.log(`${label}${side.name}: median ${quantile(sorted, 0.5)} ms, p10 ${quantile(sorted, 0.1)}, p90 ${quantile(sorted, 0.9)}, p99 ${quantile(sorted, 0.99)}; CPU ${perDecision} ms per decision (${sorted.length} decisions)`);
  });
}

const roots = [HERE, ...(values.compare ? [path.resolve(values.compare)] : [])];
const scenarios: Array<{ label: string; scenario: { workloads: number } | Shapes }> = values.shapes
  ? [{ label: 'API-server-shaped Deployment create', scenario: JSON.parse(readFileSync(values.shapes, 'utf8')) as Shapes }]
  : values.workloads.split(',').map((w) => ({ label: `namespace objects ${namespaceResources(Number(w)).length}`, scenario: { workloads: Number(w) } }));
console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
for (const { label, scenario } of scenarios) {
  const sides = [];
  for (const root of roots) sides.push({ name: roots.length === 1 ? '' : root === HERE ? ' [this checkout]' : ` [${values.compare}]`, decide: await decider(root, scenario) });
  measure(label, sides);
}
