// Runs the built RegoHelper (dist/) with the helper file given as argv[2] and prints the outcomes
// of 6 chunks and how many the helper evaluated, as JSON (for rego-helper.test.ts). argv[3]
// `take-back`: the main thread takes back chunks (a small batch), else it leaves them to the
// helper (a large one). A process of its own: a main thread that waits for ever for its helper
// cannot be stopped from inside.
import { RegoHelper } from '../../dist/parallel/rego-helper.js';

// Any module will do: these helpers never evaluate.
const module = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
const helper = new RegoHelper(module, process.argv[2]);
if (!helper.waitReady(30_000)) throw new Error('the helper did not start');
const encode = (i) => new TextEncoder().encode(String(i));
// A while per chunk, as a real one takes: the helper claims its first chunk before the main thread is done.
const local = (input) => {
  for (const until = Date.now() + 25; Date.now() < until; );
  return Number(new TextDecoder().decode(input));
};
const outcomes = helper.finish(helper.begin(6, encode, 'kubelint/main'), local, process.argv[3] === 'take-back');
helper.close();
process.stdout.write(JSON.stringify({ outcomes, helped: helper.helped }));
