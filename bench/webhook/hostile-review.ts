// Hostile reviews against the webhook (#21 item 1): a Pod of 10,000 containers (~418 KB) and the
// costliest shapes still within the review limits, each sent a few times to the real webhook
// (webhook-server.ts: real linter, production Node flags) while /healthz is probed every 50 ms
// over a keep-alive connection. Reports each review's latency, the longest /healthz wait while
// it ran, and the server's CPU time.
//
//   npx vite-node bench/webhook/hostile-review.ts -- --repeat 5
import { Agent, request } from 'node:https';
import { parseArgs } from 'node:util';
import { cpuSeconds, loadAverage, rssMiB, startBenchServer } from './webhook-harness.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { repeat: { type: 'string', default: '5' }, port: { type: 'string', default: '18444' } },
});
const repeat = Number(values.repeat);
const port = Number(values.port);

const container = (i: number, extra = '') => `{"name":"c${i}","image":"busybox:1.36.1"${extra}}`;
/** Violates most container rules: privileged, root, host port, no probes/resources, latest tag. */
const bad = (i: number) => `{"name":"c${i}","image":"app:latest","securityContext":{"privileged":true,"capabilities":{"add":["SYS_ADMIN"]}},"ports":[{"containerPort":80,"hostPort":80}]}`;
const env = (n: number) => `,"env":[${Array.from({ length: n }, (_, j) => `{"name":"E${j}","value":"v"}`).join(',')}]`;

const SHAPES: Array<{ name: string; spec: string }> = [
  { name: '10,000 containers (over the limit)', spec: `{"containers":[${Array.from({ length: 10_000 }, (_, i) => container(i)).join(',')}]}` },
  { name: '100 violating containers (the limit)', spec: `{"containers":[${Array.from({ length: 100 }, (_, i) => bad(i)).join(',')}]}` },
  { name: '1 container, 1,000 env entries (the limit)', spec: `{"containers":[${container(0, env(1_000))}]}` },
  { name: '6 containers, 1,000 env entries each (~18,000 values)', spec: `{"containers":[${Array.from({ length: 6 }, (_, i) => container(i, env(1_000))).join(',')}]}` },
];

function review(uid: string, spec: string): string {
  const object = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"big","namespace":"bench"},"spec":${spec}}`;
  return `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"${uid}","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"bench","name":"big","object":${object}}}`;
}

const server = await startBenchServer({ port, workers: 1, workloads: 1 });
const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: server.ca });
const probeAgent = new Agent({ keepAlive: true, maxSockets: 1, ca: server.ca });

function send(path: string, body: string | undefined, via: Agent): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', agent: via, headers: body ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ ms: performance.now() - started, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const round = (ms: number) => Math.round(ms * 10) / 10;
try {
  await send('/healthz', undefined, probeAgent);
  console.log(`load average ${loadAverage()}; server RSS ${rssMiB(server.pids)} MiB; each shape sent ${repeat} times, one at a time, /healthz probed every 50 ms`);
  for (const shape of SHAPES) {
    const body = review('warm', shape.spec);
    await send('/validate?timeout=10s', body, agent); // warm-up, not counted
    const latencies: number[] = [];
    let worstProbe = 0;
    let answer = '';
    const cpu = cpuSeconds(server.pids);
    for (let i = 0; i < repeat; i++) {
      let running = true;
      const probes = (async () => {
        while (running) {
          worstProbe = Math.max(worstProbe, (await send('/healthz', undefined, probeAgent)).ms);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const res = await send('/validate?timeout=10s', review(`u${i}`, shape.spec), agent);
      running = false;
      await probes;
      latencies.push(res.ms);
      const response = JSON.parse(res.text).response;
      answer = response.allowed ? 'allowed' : `denied: ${String(response.status?.message).split('\n')[0]!.slice(0, 110)}`;
    }
    latencies.sort((a, b) => a - b);
    const cpuPer = round(((cpuSeconds(server.pids) - cpu) / repeat) * 1000);
    console.log(
      `${shape.name}: body ${Math.round(body.length / 1024)} KiB; latency median ${round(latencies[Math.floor(repeat / 2)]!)} ms, max ${round(latencies.at(-1)!)} ms; ` +
        `server CPU ${cpuPer} ms per review; longest /healthz ${round(worstProbe)} ms; RSS ${rssMiB(server.pids)} MiB; ${answer}`,
    );
  }
} finally {
  agent.destroy();
  probeAgent.destroy();
  server.stop();
}
