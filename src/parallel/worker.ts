// A parse worker: reads and parses the files it is handed, evaluates the `scope: resource` Rego
// rules on each file's resources (they need no other resource), locates those violations, and
// keeps the parsed texts to locate more paths on request. Its answers are plain data (protocol.ts).
import { parentPort } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import type { Check } from '../engine/check.js';
import { loadRegoCheck } from '../engine/rego.js';
import { parseFile } from '../load/file.js';
import { identifyResources } from '../load/resources.js';
import type { Manifest } from '../types.js';
import type { FromWorker, LocateRequest, ToWorker, WireFile, WireViolation } from './protocol.js';

if (!parentPort) throw new Error('kubelint worker: must run in a worker thread');
const port = parentPort;

let settings: { cwd: string; config: ResolvedConfig; rego: Check } | undefined;
/** The manifests of every file this worker parsed, by the main thread's file index. */
const files = new Map<number, Manifest[]>();
/** Paths of this worker's own violations, located once parsing is over (`own-ranges`). */
const toLocate: LocateRequest[] = [];

const send = (message: FromWorker): void => port.postMessage(message);

async function parse(file: number, path: string): Promise<void> {
  if (!settings) throw new Error('parse before init');
  const parsed = await parseFile(path, settings.cwd);
  files.set(file, parsed.manifests);
  const resources = identifyResources(parsed.manifests).resources;
  const ordinals = new Map(resources.map((r, i) => [r, i]));
  // One small evaluation per file: per-resource rules give the same answers in any batch, and
  // small inputs keep the wasm memory small.
  const positions = new Map(parsed.manifests.map((m, i) => [m, i]));
  const violations: WireViolation[] = settings.rego.run(resources, { config: settings.config }).map((v) => {
    const resource = v.resource!;
    const path = v.path ?? [];
    toLocate.push({ file, manifest: positions.get(resource.manifest!)!, path: [...resource.basePath, ...path] });
    return { file, ordinal: ordinals.get(resource)!, ruleId: v.ruleId, message: v.message, path };
  });
  const result: WireFile = {
    manifests: parsed.manifests.map((m) => ({ index: m.index, value: m.value, lines: m.lines, comments: [...m.comments] })),
    problems: parsed.problems,
    violations,
  };
  send({ t: 'parsed', file, result });
  // The main thread holds the values now; only the texts are needed to locate.
  for (const m of parsed.manifests) m.value = undefined;
}

const rangeOf = (r: LocateRequest) => files.get(r.file)?.[r.manifest]?.locate(r.path).range ?? null;

function locate(requests: readonly LocateRequest[]): void {
  send({ t: 'located', ranges: requests.map(rangeOf) });
}

function locateOwn(): void {
  send({ t: 'own-ranges', located: toLocate.splice(0).map((r) => ({ ...r, range: rangeOf(r) })) });
}

// Messages are handled strictly in order, so replies come back in the order they were asked.
let queue = Promise.resolve();
port.on('message', (message: ToWorker) => {
  queue = queue.then(async () => {
    try {
      if (message.t === 'init') {
        settings = { cwd: message.cwd, config: message.config, rego: await loadRegoCheck() };
        send({ t: 'ready' });
      } else if (message.t === 'parse') await parse(message.file, message.path);
      else if (message.t === 'own-ranges') locateOwn();
      else locate(message.requests);
    } catch (error) {
      send({ t: 'fail', message: error instanceof Error ? error.message : String(error) });
    }
  });
});
