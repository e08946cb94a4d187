// Benchmark server: the real webhook (HTTPS, real linter with every built-in check) over a fixed
// namespace inventory, in one process or several (node:cluster), started by webhook-load.ts.
// Logs go to stdout as in production (the harness discards them).
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../../src/config/defaults.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import { staticInventory } from '../../src/webhook/inventory.js';
import { jsonLogger } from '../../src/webhook/log.js';
import { startWebhook } from '../../src/webhook/webhook.js';
import { namespaceResources } from './webhook-corpus.js';

const { values } = parseArgs({
  options: { port: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, workers: { type: 'string', default: '1' }, workloads: { type: 'string', default: '1' } },
});
const workers = Number(values.workers);

if (workers > 1 && cluster.isPrimary) {
  let ready = 0;
  // Workers run this file through vite-node too (process.argv[1] is this file, not vite-node).
  const viteNode = fileURLToPath(new URL('../../node_modules/vite-node/vite-node.mjs', import.meta.url));
  cluster.setupPrimary({ exec: viteNode, args: [fileURLToPath(import.meta.url), ...process.argv.slice(2)] });
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('message', (message) => {
      if (message === 'ready' && ++ready === workers) process.send?.({ ready: true, pids: Object.values(cluster.workers ?? {}).map((w) => w!.process.pid) });
    });
  }
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  });
} else {
  const config = defaultConfig(process.cwd());
  config.webhook = { ...config.webhook, port: Number(values.port), tlsCert: values.cert, tlsKey: values.key };
  const inventory = staticInventory(namespaceResources(Number(values.workloads)));
  const webhook = await startWebhook({
    config,
    linter: await getLinter(),
    logger: jsonLogger((line) => process.stdout.write(line)),
    inventory: { view: inventory },
    host: '127.0.0.1',
    limits: { maxInFlight: 256 },
  });
  process.on('SIGTERM', () => void webhook.shutdown(5000).then(() => process.exit(0)));
  if (cluster.isWorker) process.send?.('ready');
  else process.send?.({ ready: true, pids: [process.pid] });
}
