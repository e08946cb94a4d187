// The webhook in a process of its own, for tests that measure its memory (RSS of the test runner
// would count the client too). Started by test/hostile/webhook-connections.test.ts through
// vite-node with the Deployment's NODE_OPTIONS; argv: cert, key, limits as JSON. It reports
// { port } when listening and answers every message with its { rss } in bytes.
import { startTestWebhook } from '../webhook/helpers.js';

const [cert, key, limits] = process.argv.slice(2);
const { webhook, port } = await startTestWebhook({ cert: cert!, key: key! }, { limits: JSON.parse(limits ?? '{}') });
process.on('message', () => process.send?.({ rss: process.memoryUsage().rss }));
process.on('SIGTERM', () => void webhook.shutdown(1000).then(() => process.exit(0)));
process.send?.({ port });
