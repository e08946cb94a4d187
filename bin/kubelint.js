#!/usr/bin/env node
// The one place kubelint exits the process.
// Prefers the esbuild bundle (scripts/bundle.mjs, part of `npm run build`): one file to compile
// instead of ~190 resolved modules. Without it (tsc-only build) the plain dist/ modules do the same.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/kubelint.mjs', import.meta.url);
const { execute, processIO } = existsSync(bundle)
  ? await import(bundle.href)
  : {
      execute: (await import('../dist/cli/main.js')).execute,
      processIO: (await import('../dist/cli/io.js')).processIO,
    };

const code = await execute(process.argv.slice(2), processIO());
// An output failure (src/cli/output-errors.ts) may already have set 2: the higher code wins.
process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
