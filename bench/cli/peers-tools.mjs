// The tools bench/cli/peers.mjs runs: how each is invoked on a corpus folder, whether it can run
// here, and a one-line account of what it reported (to show every run did real work).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KUBECONFORM_TEMPLATE } from '../schema/kubeconform-schemas.mjs';

export function peerTools(root) {
  const BIN = join(root, '.tools/bin');
  const SCHEMAS = join(root, 'bench/.kubeconform-schemas');
  const CONFTEST_DATA = join(root, 'bench/.conftest');
  const rel = (p) => relative(root, p) || '.';
  const yamlFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f));
  const built = () => existsSync(join(root, 'dist/cli/main.js')) || 'dist/ missing: npm run build';
  /** Each tool: what it is, whether it can run, its argv for a corpus ({ dir, schemaDir }). */
  return {
    kubelint: {
      what: 'kubelint: strict schema validation + every rule (default config), JSON report',
      ready: built,
      argv: ({ dir }) => [process.execPath, ['bin/kubelint.js', rel(dir), '--no-config', '--format', 'json']],
    },
    'kubelint+config': {
      what: 'kubelint with the repository\'s .kubelint.json (adds config discovery and validation to the run)',
      ready: built,
      argv: ({ dir }) => [process.execPath, ['bin/kubelint.js', rel(dir), '--format', 'json']],
    },
    kubeconform: {
      what: 'kubeconform: strict schema validation only, same schemas (bench/.kubeconform-schemas, and the crd shape\'s own), offline, its default 4 workers',
      ready: () => {
        if (!existsSync(join(BIN, 'kubeconform'))) return 'not installed: bash scripts/setup-peers.sh';
        return existsSync(join(SCHEMAS, 'deployment-apps-v1.json')) || 'schemas missing: node bench/schema/kubeconform-schemas.mjs';
      },
      argv: ({ dir, schemaDir }) => [join(BIN, 'kubeconform'), ['-strict', '-summary', '-output', 'json',
        '-schema-location', `${rel(SCHEMAS)}/${KUBECONFORM_TEMPLATE}`,
        ...(schemaDir ? ['-schema-location', `${rel(schemaDir)}/${KUBECONFORM_TEMPLATE}`] : []), rel(dir)]],
    },
    'kube-linter': {
      what: 'kube-linter: default checks',
      ready: () => existsSync(join(BIN, 'kube-linter')) || 'not installed (the Go module proxy refuses golang.stackrox.io here)',
      argv: ({ dir }) => [join(BIN, 'kube-linter'), ['lint', '--format', 'json', rel(dir)]],
    },
    'kube-score': {
      what: 'kube-score: default checks, JSON output (files passed one by one: it takes no directories)',
      ready: () => existsSync(join(BIN, 'kube-score')) || 'not installed: bash scripts/setup-peers.sh',
      argv: ({ dir }) => [join(BIN, 'kube-score'), ['score', '--output-format', 'json', ...yamlFiles(dir).map(rel)]],
    },
    conftest: {
      what: 'conftest: kubelint\'s Rego rules (policies/) via the bench/cli/conftest wrapper, --combine (one batch)',
      ready: () => existsSync(join(BIN, 'conftest')) || 'not installed: bash scripts/setup-peers.sh',
      argv: ({ dir }) => [join(BIN, 'conftest'), ['test', '--combine', '--no-color', '--output', 'json',
        '--policy', 'policies', '--policy', 'bench/cli/conftest', '--data', rel(CONFTEST_DATA),
        '--namespace', 'kubelint_conftest', ...yamlFiles(dir).map(rel)]],
    },
  };
}

/** A short description of what the tool reported. */
export function outcome(tool, stdoutFile) {
  const text = readFileSync(stdoutFile, 'utf8');
  try {
    if (tool.startsWith('kubelint')) return `${JSON.parse(text).findings?.length ?? '?'} findings`;
    if (tool === 'kubeconform') {
      const { summary } = JSON.parse(text);
      return `${summary?.valid} valid, ${summary?.invalid} invalid, ${summary?.errors} errors`;
    }
    if (tool === 'kube-score') return `${JSON.parse(text).length} objects scored`;
    if (tool === 'conftest') return `${JSON.parse(text).reduce((n, r) => n + (r.failures?.length ?? 0), 0)} failures`;
    if (tool === 'kube-linter') return `${JSON.parse(text).Reports?.length ?? '?'} reports`;
  } catch {
    return `unparsed output (${text.length} bytes)`;
  }
  return '';
}

/** A command as shown in reports: node by name, repo paths relative, file lists as their glob. */
export function shownCommand(root, cmd, args, dir) {
  const files = args.filter((a) => a.endsWith('.yaml'));
  const shown = files.length > 1 ? [...args.filter((a) => !a.endsWith('.yaml')), `${relative(root, dir)}/*.yaml`] : args;
  return [cmd === process.execPath ? 'node' : relative(root, cmd), ...shown].join(' ');
}
