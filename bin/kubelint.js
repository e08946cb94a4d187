#!/usr/bin/env node
// The one place kubelint exits the process.
// Prefers the esbuild bundles (scripts/bundle.mjs, part of `npm run build`) through their start-up
// module (src/cli/boot.ts: one CommonJS file compiled from a signed V8 code cache, else the split
// ESM bundle). Without them (tsc-only build) the plain dist/ modules do the same.
import { existsSync } from 'node:fs';

const boot = new URL('../dist/bundle/boot.mjs', import.meta.url);
const argv = process.argv.slice(2);
let code;
if (existsSync(boot)) {
  code = await (await import(boot.href)).runCli(argv);
} else {
  const [{ execute }, { processIO }] = await Promise.all([import('../dist/cli/main.js'), import('../dist/cli/io.js')]);
  code = await execute(argv, processIO());
}
// An output failure (src/cli/output-errors.ts) may already have set 2: the higher code wins.
process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
