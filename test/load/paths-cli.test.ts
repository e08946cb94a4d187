// The whole CLI report does not depend on which parse path read a file: generated texts
// (paths-generate.ts: directives of every form, flow-root documents, multi-line scalars, CRLF,
// lone CR, tabs, BOMs, ...) linted with the fast path on and with KUBELINT_PARSE=full (a switch
// for tests only, load/yaml.ts) give byte-identical stdout, stderr and exit codes.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import { generateText, readerText } from './paths-generate.js';

const temp = tempDirs();
const BIN = path.join(REPO_ROOT, 'bin', 'kubelint.js');

function lint(dir: string, parse: 'fast' | 'full', args: string[]): { stdout: string; stderr: string; status: number | null } {
  // A cache folder of its own per run: a content-keyed cache would hand one path's reading to the other.
  const env = { ...process.env, KUBELINT_CACHE_DIR: temp('kubelint-paths-cache-'), KUBELINT_PARSE: parse };
  const run = spawnSync(process.execPath, [BIN, dir, '--no-config', ...args], { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

describe('the CLI report is the same with the fast parse path off and on', () => {
  /** The same 240 texts every time (the temporary folders go after each test), and 80 manifests with tabs and CRs alone (round 14). */
  const texts = (): string => {
    const dir = temp('kubelint-paths-cli-');
    const rng = createRandom(1304);
    for (let i = 0; i < 240; i++) writeFileSync(path.join(dir, `t${String(i).padStart(3, '0')}.yaml`), generateText(rng, { rare: i % 3 === 0 }));
    const tabbed = createRandom(1405);
    for (let i = 0; i < 80; i++) writeFileSync(path.join(dir, `tab${String(i).padStart(2, '0')}.yaml`), readerText(tabbed));
    return dir;
  };

  it.each([
    ['json', ['--format', 'json']],
    ['every rule, compact', ['--preset', 'all', '--format', 'compact', '--no-color']],
  ])('%s', (_name, args) => {
    const dir = texts();
    const full = lint(dir, 'full', args);
    const fast = lint(dir, 'fast', args);
    expect(full.status).toBe(2); // parse errors among the texts
    expect(fast.stderr).toBe(full.stderr);
    expect(fast.status).toBe(full.status);
    expect(fast.stdout === full.stdout, 'stdout differs').toBe(true);
    // The texts hold findings, suppressions and parse errors alike.
    for (const rule of ['parse-error', 'unused-suppression', 'suppression-missing-reason']) expect(full.stdout).toContain(rule);
  });
});

describe('KUBELINT_PARSE=full', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
  /** The fast path's manifests compute their comments on first read; the full path's hold them. */
  const readFast = async (): Promise<boolean> => {
    vi.resetModules();
    const { parseManifestText } = await import('../../src/load/yaml.js');
    const [manifest] = parseManifestText(text, { kind: 'file', name: 'a.yaml' }).manifests;
    return Object.getOwnPropertyDescriptor(manifest, 'comments')?.get !== undefined;
  };

  it('sends every text to the full path, read once when the module loads', async () => {
    expect(await readFast()).toBe(true);
    vi.stubEnv('KUBELINT_PARSE', 'full');
    try {
      expect(await readFast()).toBe(false);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(await readFast()).toBe(true);
  });
});
