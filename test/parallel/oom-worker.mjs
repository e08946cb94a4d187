// A Rego helper that claims the first chunk it is offered and runs out of heap with it in hand
// (for stalled-helper.mjs, started with a small --max-old-space-size): Node ends such a worker
// without its 'exit' handlers, so the shared dead flag is never set.
import { parentPort, workerData } from 'node:worker_threads';

const flags = new Int32Array(workerData.flags);
parentPort.on('message', (message) => {
  const state = new Int32Array(message.state);
  if (Atomics.compareExchange(state, message.index, 0, 1) !== 0) return;
  const hoard = [];
  for (;;) hoard.push(new Array(1024).fill(hoard.length));
});
Atomics.store(flags, 1, 1);
Atomics.notify(flags, 1);
