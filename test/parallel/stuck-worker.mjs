// A Rego helper that claims the first chunk it is offered and never answers (for
// stalled-helper.mjs): alive, so no exit of any kind tells the main thread.
import { parentPort, workerData } from 'node:worker_threads';

const flags = new Int32Array(workerData.flags);
parentPort.on('message', (message) => {
  const state = new Int32Array(message.state);
  if (Atomics.compareExchange(state, message.index, 0, 1) !== 0) return;
  for (;;);
});
Atomics.store(flags, 1, 1);
Atomics.notify(flags, 1);
