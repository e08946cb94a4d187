#!/usr/bin/env node
// The one place kubelint exits the process.
// Prefers the esbuild bundles (scripts/bundle.mjs, part of `npm run build`) through their start-up
// module (src/cli/boot.ts: one CommonJS file compiled from a signed V8 code cache, else the split
// ESM bundle). Without them (tsc-only build) the plain dist/ modules do the same.
import { existsSync } from 'node:fs';
import os from 'node:os';

const EXIT_ERROR = 2;

async function run(argv) {
  const boot = new URL('../dist/bundle/boot.mjs', import.meta.url);
  if (existsSync(boot)) return (await import(boot.href)).runCli(argv);
  const [{ execute }, { processIO }] = await Promise.all([import('../dist/cli/main.js'), import('../dist/cli/io.js')]);
  return execute(argv, processIO());
}

/** Why kubelint cannot start here, or undefined. Packages it loads (cosmiconfig) ask for the home folder as they load. */
function startProblem() {
  try {
    os.homedir();
    return undefined;
  } catch {
    return `cannot find a home folder: HOME is not set and user ${process.getuid?.() ?? '?'} has no passwd entry; set HOME`;
  }
}

let code;
const problem = startProblem();
if (problem) {
  process.stderr.write(`kubelint: ${problem}\n`);
  code = EXIT_ERROR;
} else {
  try {
    code = await run(process.argv.slice(2));
  } catch (error) {
    // execute() answers its own errors; this is what fails before it runs (loading the modules).
    process.stderr.write(`kubelint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.KUBELINT_DEBUG) process.stderr.write(`${error?.stack ?? ''}\n`);
    code = EXIT_ERROR;
  }
}
// An output failure (src/cli/output-errors.ts) may already have set 2: the higher code wins.
process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
