// `npm run schemas`: regenerate schemas/k8s/ from the bundled API definitions, or
// `npm run schemas -- --version 1.31 --input swagger.json [--input more.json] [--out dir]`
// to build a bundle from a live cluster's OpenAPI (v2 swagger or v3 group-version documents).
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BUNDLE_FILE_PATTERN, bundleFileName, type SchemaBundle } from '../src/schemas/bundle.js';
import { generateBundle } from '../src/schemas/generate.js';
import { LIFECYCLE_FILE, buildLifecycleIndex } from '../src/schemas/lifecycle-index.js';
import { readApiDefinitions } from '../src/schemas/sources.js';
import { SCHEMA_DIR } from '../src/schemas/store.js';

const DEFAULT_INPUT_ROOT = resolve(SCHEMA_DIR, '../../../shared/kubernetes-schemas');

interface CliOptions {
  inputs: string[];
  version?: string;
  out: string;
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { inputs: [], out: SCHEMA_DIR };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--input' || flag === '--version' || flag === '--out') && value === undefined) {
      throw new Error(`${flag} needs a value`);
    }
    if (flag === '--input') options.inputs.push(value!);
    else if (flag === '--version') options.version = value!;
    else if (flag === '--out') options.out = resolve(value!);
    else throw new Error(`unknown argument "${flag}" (expected --input, --version, --out)`);
    i++;
  }
  if (options.inputs.length > 0 && options.version === undefined) {
    throw new Error('--input needs --version <major.minor> (the cluster version the document came from)');
  }
  return options;
}

function writeBundle(inputs: string[], version: string, out: string, source: string): void {
  const bundle = generateBundle(readApiDefinitions(inputs), version, source);
  mkdirSync(out, { recursive: true });
  const file = join(out, bundleFileName(version));
  const text = JSON.stringify(bundle);
  writeFileSync(file, text + '\n');
  const kinds = Object.keys(bundle.kinds).length;
  console.log(`${file}: ${kinds} kinds, ${Object.keys(bundle.definitions).length} definitions, ${(text.length / 1024).toFixed(0)} KiB`);
}

/** Re-derives lifecycle.json (which versions serve which kinds) from every bundle in `out`. */
function writeLifecycle(out: string): void {
  const bundles = readdirSync(out)
    .filter((f) => BUNDLE_FILE_PATTERN.test(f))
    .map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')) as SchemaBundle);
  const index = buildLifecycleIndex(bundles);
  writeFileSync(join(out, LIFECYCLE_FILE), JSON.stringify(index) + '\n');
  console.log(`${join(out, LIFECYCLE_FILE)}: ${Object.keys(index.kinds).length} kinds over ${index.versions.join(', ')}`);
}

function main(argv: readonly string[]): number {
  const options = parseArgs(argv);
  if (options.inputs.length > 0) {
    writeBundle(options.inputs.map((f) => resolve(f)), options.version!, options.out, `cluster OpenAPI: ${options.inputs.map((f) => basename(f)).join(', ')}`);
    writeLifecycle(options.out);
    return 0;
  }
  const releases = readdirSync(DEFAULT_INPUT_ROOT).filter((d) => /^v\d+\.\d+\.\d+$/.test(d));
  if (releases.length === 0) throw new Error(`no vX.Y.Z folders in ${DEFAULT_INPUT_ROOT}`);
  for (const release of releases.sort()) {
    const input = join(DEFAULT_INPUT_ROOT, release, '_definitions.json');
    if (!statSync(input, { throwIfNoEntry: false })?.isFile()) continue;
    const version = release.slice(1).split('.').slice(0, 2).join('.');
    writeBundle([input], version, options.out, `kubernetes-schemas/${release}/_definitions.json (openapi2jsonschema)`);
  }
  writeLifecycle(options.out);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`schemas: ${(error as Error).message}`);
  process.exitCode = 2;
}
