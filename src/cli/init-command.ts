// `kubelint init`: a starter .kubelint.json in the current directory. Never overwrites.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_KUBERNETES_VERSION } from '../config/defaults.js';
import { CONFIG_FILE_NAMES } from '../config/load.js';
import { EXIT_ERROR } from './exit-code.js';
import { includeDirs } from './init-layout.js';
import type { CliIO } from './io.js';
import { UsageError } from './io.js';

export const INIT_HELP = `Usage: kubelint init

Writes a starter .kubelint.json in the current directory (refuses when a kubelint config exists).
`;

/** Directories that usually hold manifests; the starter config includes those that exist. */
const MANIFEST_DIRS = ['manifests', 'k8s', 'kubernetes', 'deploy', 'deployment', 'charts', 'helm', 'kustomize', 'overlays', 'base'];

export function starterConfig(cwd: string): Record<string, unknown> {
  const found = includeDirs(cwd, MANIFEST_DIRS.filter((d) => existsSync(path.join(cwd, d))));
  return {
    $schema: './node_modules/kubelint/schemas/config.schema.json',
    include: found.length > 0 ? found : ['.'],
    exclude: [],
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    failOn: 'error',
    rules: {},
    exemptions: [],
  };
}

function hasPackageJsonConfig(cwd: string): boolean {
  const file = path.join(cwd, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return Object.hasOwn(JSON.parse(readFileSync(file, 'utf8')) as object, 'kubelint');
  } catch {
    return false;
  }
}

export async function initCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: false, options: { help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) {
    io.stdout.write(INIT_HELP);
    return 0;
  }
  const existing = CONFIG_FILE_NAMES.find((n) => existsSync(path.join(io.cwd, n))) ?? (hasPackageJsonConfig(io.cwd) ? 'package.json ("kubelint" key)' : undefined);
  if (existing) {
    io.stderr.write(`kubelint: init: a config already exists here (${existing}); not overwriting it\n`);
    return EXIT_ERROR;
  }
  const target = path.join(io.cwd, '.kubelint.json');
  const config = starterConfig(io.cwd);
  writeFileSync(target, JSON.stringify(config, null, 2) + '\n', { flag: 'wx' });
  io.stdout.write(`Wrote .kubelint.json (include: ${(config.include as string[]).join(', ')}). Run \`kubelint\` to lint, \`kubelint rules\` to see the rules.\n`);
  return 0;
}
