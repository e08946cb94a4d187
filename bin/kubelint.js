#!/usr/bin/env node
// The one place kubelint exits the process.
// CommonJS (bin/package.json): Node's ES module loader alone costs a cold start ~5 ms.
// Prefers the esbuild bundles (scripts/bundle.mjs, part of `npm run build`) through their start-up
// module (src/cli/boot.ts: one CommonJS file compiled from a signed V8 code cache, else the split
// ESM bundle). Without them (tsc-only build) the plain dist/ modules do the same.
'use strict';
const { existsSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const EXIT_ERROR = 2;

async function run(argv) {
  const boot = path.join(__dirname, '..', 'dist', 'bundle', 'boot.cjs');
  if (existsSync(boot)) return require(boot).runCli(argv);
  const { pathToFileURL } = require('node:url');
  const dist = (file) => import(pathToFileURL(path.join(__dirname, '..', 'dist', 'cli', file)).href);
  const [{ execute }, { processIO }] = await Promise.all([dist('main.js'), dist('io.js')]);
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

async function main() {
  const problem = startProblem();
  if (problem) {
    process.stderr.write(`kubelint: ${problem}\n`);
    return EXIT_ERROR;
  }
  try {
    return await run(process.argv.slice(2));
  } catch (error) {
    // execute() answers its own errors; this is what fails before it runs (loading the modules).
    process.stderr.write(`kubelint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.KUBELINT_DEBUG) process.stderr.write(`${error?.stack ?? ''}\n`);
    return EXIT_ERROR;
  }
}

main().then((code) => {
  // An output failure (src/cli/output-errors.ts) may already have set 2: the higher code wins.
  process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
});
