// bench/cli/helper-start.mjs's empty worker: it only says it is ready, as the Rego helper does once
// its modules are loaded (src/parallel/rego-worker.ts), so the difference is what those modules cost.
import { parentPort, workerData } from 'node:worker_threads';
import { FLAG } from '../../dist/parallel/rego-protocol.js';

// Listening keeps the worker alive, as the helper's does: a worker that ends is dead, not ready.
parentPort.on('message', () => {});
const flags = new Int32Array(workerData.flags);
Atomics.store(flags, FLAG.ready, 1);
Atomics.notify(flags, FLAG.ready);
