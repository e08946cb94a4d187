// Hostile connections against the webhook (#21 item 2): waves of idle TLS connections opened
// and dropped, and the server's resident memory after each wave. The webhook runs in its own
// process (webhook-harness.ts); the client only completes TLS handshakes and sends nothing.
//
//   npx vite-node bench/webhook/hostile-connections.ts -- --connections 9000 --waves 3
import { connect, type TLSSocket } from 'node:tls';
import { parseArgs } from 'node:util';
import { cpuSeconds, rssMiB, startBenchServer } from './webhook-harness.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    connections: { type: 'string', default: '9000' },
    waves: { type: 'string', default: '3' },
    /** How long each wave's connections are held open, idle, before being dropped. */
    hold: { type: 'string', default: '2000' },
    /** Handshakes in flight at once from this client. */
    concurrency: { type: 'string', default: '500' },
    port: { type: 'string', default: '18443' },
  },
});
const count = Number(values.connections);
const waves = Number(values.waves);
const holdMs = Number(values.hold);
const concurrency = Number(values.concurrency);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = await startBenchServer({ port: Number(values.port), workers: 1, workloads: 1 });
const pids = server.pids;

/** Opens `count` TLS connections (at most `concurrency` handshaking at once); resolves with those that completed. */
async function openWave(): Promise<{ open: TLSSocket[]; refused: number }> {
  const open: TLSSocket[] = [];
  let refused = 0;
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      next++;
      await new Promise<void>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: Number(values.port), ca: server.ca, servername: undefined });
        socket.once('secureConnect', () => {
          open.push(socket);
          resolve();
        });
        socket.once('error', () => {
          refused++;
          resolve();
        });
        socket.once('close', () => resolve());
      });
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { open, refused };
}

try {
  await sleep(1000);
  const start = { rss: rssMiB(pids), cpu: cpuSeconds(pids) };
  console.log(`server ${pids.join(',')}: RSS at start ${start.rss} MiB; ${waves} waves of ${count} idle TLS connections, held ${holdMs} ms`);
  const after: number[] = [];
  for (let wave = 1; wave <= waves; wave++) {
    const t0 = performance.now();
    const { open, refused } = await openWave();
    const stillOpen = open.filter((s) => !s.destroyed).length;
    const peak = rssMiB(pids);
    await sleep(holdMs);
    const held = open.filter((s) => !s.destroyed).length;
    for (const s of open) s.destroy();
    await sleep(2000);
    after.push(rssMiB(pids));
    console.log(
      `wave ${wave}: ${open.length} handshakes completed, ${refused} refused, ${stillOpen} open at the end of the wave, ${held} still open after ${holdMs} ms; ` +
        `RSS ${peak} MiB while open, ${after.at(-1)} MiB 2 s after dropping them; wave took ${Math.round(performance.now() - t0)} ms`,
    );
  }
  const cpu = Math.round((cpuSeconds(pids) - start.cpu) * 100) / 100;
  const growth = Math.round((after.at(-1)! / after[0]! - 1) * 1000) / 10;
  console.log(`RSS after wave 1: ${after[0]} MiB, after wave ${waves}: ${after.at(-1)} MiB (${growth >= 0 ? '+' : ''}${growth}%); server CPU ${cpu} s`);
} finally {
  server.stop();
}
