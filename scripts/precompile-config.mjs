// Part of `npm run build` (after tsc): ajv standalone validators for the config file and rule
// options, written to dist/config-validators.cjs (see src/config/validators.ts). A build step, not
// part of the package: it runs the compiled dist/ code so the validators match what ships.
import { writeFileSync } from 'node:fs';
import standalone from 'ajv/dist/standalone/index.js';
import { CONFIG_EXPORT, PRECOMPILED_FILE, optionsExport, readSchemaSources, schemaAjv } from '../dist/config/validators.js';

const sources = readSchemaSources();
const ajv = schemaAjv(sources, { code: { source: true } });
const names = [CONFIG_EXPORT, ...Object.keys(sources.options).map(optionsExport)];
const code = standalone.default(ajv, Object.fromEntries(names.map((n) => [n, n])));
writeFileSync(PRECOMPILED_FILE, `${code}\nmodule.exports.sourceHash = ${JSON.stringify(sources.hash)};\n`);
console.log(`config validators: ${names.length} schemas -> ${PRECOMPILED_FILE}`);
