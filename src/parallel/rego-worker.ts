// The helper thread's side of rego-helper.ts: evaluates the built-in policy on the chunks the main
// thread hands it. Loaded from dist/parallel/rego-worker.js by a Worker; nothing else imports it.
// The wasm module arrives compiled (a WebAssembly.Module is shared between threads, not compiled
// again). A chunk is claimed in its state cell first: the main thread may have taken it back.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { WasmEvaluator } from '../policy/wasm-evaluator.js';
import { CHUNK, FLAG, type ChunkMessage, type HelperData, type ResultMessage } from './rego-protocol.js';

const { module, results, flags: shared } = workerData as HelperData;
const flags = new Int32Array(shared);
const evaluator = new WasmEvaluator(module);
const port: MessagePort = results;

// FLAG.dead is set on any exit by the start-up code that imported this file (rego-helper.ts BOOT).
parentPort!.on('message', (message: ChunkMessage) => {
  const state = new Int32Array(message.state);
  if (Atomics.compareExchange(state, message.index, CHUNK.queued, CHUNK.worker) !== CHUNK.queued) return;
  Atomics.notify(state, message.index); // a main thread waiting for this chunk now waits for its end
  const { run, index } = message;
  const start = performance.now();
  let reply: ResultMessage;
  try {
    const resultSet = evaluator.evaluate(message.input, message.entrypoint);
    reply = { run, index, resultSet, ms: performance.now() - start };
  } catch (error) {
    reply = { run, index, error: error instanceof Error ? error.message : String(error), ms: performance.now() - start };
  }
  port.postMessage(reply);
  Atomics.store(state, message.index, CHUNK.done);
  Atomics.notify(state, message.index);
});
Atomics.store(flags, FLAG.ready, 1);
Atomics.notify(flags, FLAG.ready);
