// Load benchmark of the admission webhook on loopback: autocannon sends realistic Deployment
// AdmissionReviews over HTTPS; resident memory of the server processes is sampled throughout.
// Usage: npx vite-node bench/webhook/webhook-load.ts -- [--workers 2] [--workloads 1] [--rate 1000] [--amount 100000] [--connections 32]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { deploymentReview } from './webhook-corpus.js';
import { loadAverage, rssMiB as serverRssMiB, startBenchServer } from './webhook-harness.js';
import { percentChange } from './webhook-stats.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    workers: { type: 'string', default: '1' },
    shipped: { type: 'boolean', default: false }, // the bundle via `kubelint serve`, see webhook-shipped.ts
    workloads: { type: 'string', default: '1' },
    rate: { type: 'string', default: '0' },
    amount: { type: 'string', default: '100000' },
    connections: { type: 'string', default: '32' },
    port: { type: 'string', default: '18443' },
  },
});

const server = await startBenchServer({ port: Number(values.port), workers: Number(values.workers), workloads: Number(values.workloads), shipped: values.shipped });
const rssMiB = () => serverRssMiB(server.pids);

// Distinct objects per request would need a per-request body; the review differs in uid only,
// which the server does not cache on (every review is linted).
const body = JSON.stringify(deploymentReview('7c1f3d4e-0000-4000-8000-000000000000'));
const amount = Number(values.amount);
const run = (opts: { amount: number; rate: number }) =>
  autocannon({
    url: server.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: Number(values.connections),
    amount: opts.amount,
    ...(opts.rate > 0 ? { overallRate: opts.rate } : {}),
    tlsOptions: { ca: server.ca },
    timeout: 10,
  } as autocannon.Options);

await run({ amount: 5000, rate: 0 }); // warm-up: JIT, wasm, TLS sessions
const loadBefore = loadAverage();
const samples: Array<[number, number]> = [];
const started = Date.now();
const sampler = setInterval(() => samples.push([Date.now() - started, rssMiB()]), 1000);
const rssBefore = rssMiB();
const result = await run({ amount, rate: Number(values.rate) });
clearInterval(sampler);
const rssAfter = rssMiB();
server.stop();

const tenth = samples[Math.floor(samples.length / 10)]?.[1] ?? rssBefore;
const rss = samples.map((s) => s[1]);
const report = {
  workers: Number(values.workers),
  server: values.shipped ? 'node bin/kubelint.js serve (bundle), inventory listed from a stand-in API server' : 'bench/webhook/webhook-server.ts (sources, static inventory)',
  namespaceObjects: 3 * Number(values.workloads) + 3,
  connections: Number(values.connections),
  targetRate: Number(values.rate) || 'max',
  reviews: result.requests.total,
  durationSeconds: result.duration,
  reviewsPerSecond: Math.round(result.requests.total / result.duration),
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  rssMiB: { afterWarmup: rssBefore, at10Percent: tenth, min: Math.min(...rss), max: Math.max(...rss), end: rssAfter },
  rssChangeFrom10PercentToEnd: percentChange(tenth, rssAfter),
  loadAverage: { before: loadBefore, after: loadAverage() },
};
console.log(JSON.stringify(report, null, 2));
