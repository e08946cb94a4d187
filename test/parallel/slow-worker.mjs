// A Rego helper that takes 1.6 s over each chunk it claims, then answers "helper" (for
// rego-helper.test.ts): alive and working, only slower than the main thread's stall limit
// would allow if the main thread counted its own time against it.
import { parentPort, workerData } from 'node:worker_threads';

const flags = new Int32Array(workerData.flags);
parentPort.on('message', (message) => {
  const state = new Int32Array(message.state);
  if (Atomics.compareExchange(state, message.index, 0, 1) !== 0) return;
  Atomics.notify(state, message.index);
  const start = Date.now();
  while (Date.now() - start < 1600);
  workerData.results.postMessage({ run: message.run, index: message.index, resultSet: 'helper', ms: Date.now() - start });
  Atomics.store(state, message.index, 2);
  Atomics.notify(state, message.index);
});
Atomics.store(flags, 1, 1);
Atomics.notify(flags, 1);
