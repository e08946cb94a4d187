// Steady-rate (open-loop) load benchmark of the admission webhook on loopback: requests are due
// at evenly spaced times (1,000/s = one every millisecond), latency counts from the due time, and
// every response is checked against the answer of a single review (uid echoed, same decision,
// same message). The server runs in its own process; both share this machine's cores.
// Usage: npm run bench:webhook:steady -- [--rate 1000] [--amount 100000] [--connections 16] [--workloads 1] [--timeline file.jsonl]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'node:https';
import { parseArgs } from 'node:util';
import { deploymentReview } from './webhook-corpus.js';
import { cpuSeconds, loadAverage, machineBusySeconds, rssMiB, startBenchServer } from './webhook-harness.js';
import { openLoop, responseWithoutUid, type OpenLoopResult } from './webhook-open-loop.js';
import { maxOf, percentChange, percentiles } from './webhook-stats.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    rate: { type: 'string', default: '1000' },
    amount: { type: 'string', default: '100000' },
    warmup: { type: 'string', default: '5000' },
    connections: { type: 'string', default: '16' },
    workers: { type: 'string', default: '1' },
    shipped: { type: 'boolean', default: false }, // the bundle via `kubelint serve`, see webhook-shipped.ts
    workloads: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '10000' },
    port: { type: 'string', default: '18443' },
    'cpu-prof-dir': { type: 'string' },
    timeline: { type: 'string' }, // a file for one JSON line per second of the run
  },
});
const rate = Number(values.rate);
const amount = Number(values.amount);

const server = await startBenchServer({
  port: Number(values.port),
  workers: Number(values.workers),
  workloads: Number(values.workloads),
  shipped: values.shipped,
  ...(values['cpu-prof-dir'] ? { execArgv: ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof-dir']}`] } : {}),
});

// One body template; each request gets its own uid so the echo can be checked.
const UID_MARK = '00000000-0000-4000-8000-000000000000';
const template = JSON.stringify(deploymentReview(UID_MARK));
const bodyFor = (uid: string) => template.replace(UID_MARK, uid);
const uidFor = (prefix: string) => (i: number) => `${prefix}-0000-4000-8000-${String(i).padStart(12, '0')}`;

function postOnce(body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(server.url, { method: 'POST', ca: server.ca, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// The answer of a single review, before any load: every answer under load must match it.
const referenceUid = uidFor('5eed0000')(0);
const reference = await postOnce(bodyFor(referenceUid));
const referenceReview = JSON.parse(reference.text);
if (reference.status !== 200 || referenceReview?.response?.uid !== referenceUid) throw new Error(`reference review failed: ${reference.status} ${reference.text.slice(0, 300)}`);
const expectedResponse = responseWithoutUid(referenceReview);

const runOptions = { url: server.url, ca: server.ca, rate, connections: Number(values.connections), timeoutMs: Number(values.timeout), body: bodyFor, expectedResponse };
const warmup = await openLoop({ ...runOptions, amount: Number(values.warmup), uid: uidFor('0a0a0a0a') }); // JIT, wasm, TLS sessions

// Once a second: the server's resident memory and CPU time, the generator's CPU time, and the
// whole machine's busy time (what neither used went to other processes sharing the cores).
const loadBefore = loadAverage();
interface Sample { t: number; rss: number; serverCpu: number; generatorCpu: number; machineCpu: number }
const samples: Sample[] = [];
const sample = () => {
  const usage = process.cpuUsage();
  samples.push({ t: performance.now(), rss: rssMiB(server.pids), serverCpu: cpuSeconds(server.pids), generatorCpu: (usage.user + usage.system) / 1e6, machineCpu: machineBusySeconds() });
};
/** Cores used between two samples by the server, the generator and everything else. */
function coresBetween(a: Sample, b: Sample) {
  const seconds = (b.t - a.t) / 1000;
  const r = (x: number) => Math.round((x / seconds) * 100) / 100;
  const server = b.serverCpu - a.serverCpu;
  const generator = b.generatorCpu - a.generatorCpu;
  return { server: r(server), generator: r(generator), others: r(Math.max(0, b.machineCpu - a.machineCpu - server - generator)) };
}
sample();
const sampler = setInterval(sample, 1000);
const run = await openLoop({ ...runOptions, amount, uid: uidFor('7c1f3d4e') });
clearInterval(sampler);
sample();
const loadAfter = loadAverage();
server.stop();

function latencies(r: OpenLoopResult, from: (i: number) => number): Float64Array {
  return Float64Array.from(r.doneAt, (done, i) => done - from(i));
}

/** Per second of the schedule: how many were due, how many answered in it, and the p99 of those due. */
function timeline(r: OpenLoopResult) {
  const end = Math.max(maxOf(r.doneAt), r.due(amount - 1));
  const seconds = Math.floor(end / 1000) + 1;
  const dueLatency = latencies(r, r.due);
  const buckets = Array.from({ length: seconds }, () => ({ dueIn: [] as number[], answered: 0 }));
  for (let i = 0; i < amount; i++) {
    buckets[Math.floor(r.due(i) / 1000)]!.dueIn.push(dueLatency[i]!);
    const done = r.doneAt[i]!;
    if (Number.isFinite(done)) buckets[Math.floor(done / 1000)]!.answered++;
  }
  return buckets.map(({ dueIn, answered }, s) => {
    const after = samples.findIndex((x) => x.t - r.startedAt >= (s + 1) * 1000);
    // The last sample follows the one before it by a few ms only: too short to divide by.
    const cores = after > 0 && samples[after]!.t - samples[after - 1]!.t >= 500 ? coresBetween(samples[after - 1]!, samples[after]!) : null;
    return { second: s, due: dueIn.length, answered, p99: percentiles(dueIn)?.p99 ?? null, rssMiB: samples[after]?.rss ?? null, cores, dueIn };
  });
}

function withoutLatencies<T extends { dueIn: number[] }>(second: T): Omit<T, 'dueIn'> {
  const { dueIn: _dueIn, ...rest } = second;
  return rest;
}

const answered = Array.from(run.doneAt).filter(Number.isFinite);
const lastDone = maxOf(answered);
const lastSent = run.sentAt[amount - 1]!;
const rss = samples.map((s) => s.rss);
const tenth = samples[Math.floor(samples.length / 10)]!.rss;
const seconds = timeline(run);
const full = seconds.filter((s) => s.due === rate); // whole seconds of the schedule
const worst = full.reduce((a, b) => ((b.p99 ?? 0) > (a.p99 ?? 0) ? b : a), full[0]!);
const otherCores = seconds.map((s) => s.cores?.others ?? 0);
// A diagnostic, not the figure: latency of the requests due in seconds when other processes used
// (almost) no CPU, to tell the server's own tail from the effect of sharing the cores.
const QUIET_OTHERS_CORES = 0.2;
const quiet = seconds.filter((s) => s.cores !== null && s.cores.others <= QUIET_OTHERS_CORES);
const report = {
  mode: 'open loop, steady rate',
  workers: Number(values.workers),
  server: values.shipped ? 'node bin/kubelint.js serve (bundle), inventory listed from a stand-in API server' : 'bench/webhook/webhook-server.ts (sources, static inventory)',
  namespaceObjects: 3 * Number(values.workloads) + 3,
  connections: Number(values.connections),
  targetRate: rate,
  reviews: amount,
  referenceDecision: { allowed: referenceReview.response.allowed, warnings: referenceReview.response.warnings?.length ?? 0, message: referenceReview.response.status?.message ?? null },
  sentPerSecond: Math.round(amount / ((lastSent + 1000 / rate) / 1000)),
  answeredPerSecond: Math.round(answered.length / (lastDone / 1000)),
  durationSeconds: Math.round(lastDone) / 1000,
  latencyFromDueMs: percentiles(latencies(run, run.due)),
  latencyFromSendMs: percentiles(latencies(run, (i) => run.sentAt[i]!)),
  latencyFromDueInQuietSecondsMs: { seconds: quiet.length, othersAtMostCores: QUIET_OTHERS_CORES, ...percentiles(quiet.flatMap((s) => s.dueIn)) },
  generatorSendLagMs: percentiles(Float64Array.from(run.sentAt, (sent, i) => sent - run.due(i))),
  generatorLoopDelayMs: run.generatorLoopDelayMs,
  worstSecond: { ...withoutLatencies(worst), fewestAnswered: Math.min(...full.map((s) => s.answered)), mostAnswered: Math.max(...full.map((s) => s.answered)) },
  ok: run.ok,
  errors: run.errors,
  timeouts: run.timeouts,
  non2xx: run.non2xx,
  wrongAnswers: { uid: run.uidMismatch, allowed: run.allowedMismatch, other: run.otherMismatch, first: run.firstMismatch ?? null },
  warmup: { reviews: Number(values.warmup), ok: warmup.ok, latencyFromDueMs: percentiles(latencies(warmup, warmup.due)) },
  rssMiB: { afterWarmup: samples[0]!.rss, at10Percent: tenth, min: Math.min(...rss), max: Math.max(...rss), end: samples.at(-1)!.rss },
  rssChangeFrom10PercentToEnd: percentChange(tenth, samples.at(-1)!.rss),
  cpuCoresUsed: { ...coresBetween(samples[0]!, samples.at(-1)!), othersWorstSecond: Math.max(...otherCores), secondsOthersAboveHalfACore: otherCores.filter((c) => c > 0.5).length },
  loadAverage: { before: loadBefore, after: loadAfter },
};
console.log(JSON.stringify(report, null, 2));
if (values.timeline) {
  mkdirSync(path.dirname(values.timeline), { recursive: true });
  writeFileSync(values.timeline, seconds.map((s) => JSON.stringify(withoutLatencies(s))).join('\n') + '\n');
}
