// A Rego helper that claims the first chunk it is offered and exits with it in hand (for
// rego-helper.test.ts): the main thread must notice and evaluate that chunk itself.
import { parentPort, workerData } from 'node:worker_threads';

const flags = new Int32Array(workerData.flags);
process.on('exit', () => {
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 1);
});
parentPort.on('message', (message) => {
  const state = new Int32Array(message.state);
  if (Atomics.compareExchange(state, message.index, 0, 1) === 0) process.exit(1);
});
Atomics.store(flags, 1, 1);
Atomics.notify(flags, 1);
