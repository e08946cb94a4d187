// --changed's caches hold what kubelint's code made of a file (its namespaces, its parsed
// documents), so they must be one build's: the package version stays the same across the builds
// between two releases (a git checkout, a pre-commit hook pinned to a commit), and an entry an
// earlier build stored was served to the next one, whose --changed run then disagreed with its
// own full run (cache/build-id.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { userKey, sign } from '../../src/cache/auth.js';
import { RUNNING_BUNDLE_HASH } from '../../src/cache/code-cache.js';
import { contextDocuments, parsedEntryFile } from '../../src/cache/parsed-files.js';
import { VERSION } from '../../src/version.js';
import { runJson } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const holder = globalThis as Record<symbol, unknown>;
const before = holder[RUNNING_BUNDLE_HASH];
afterEach(() => {
  holder[RUNNING_BUNDLE_HASH] = before;
});

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;

describe('--changed after a rebuild of the same version', () => {
  it("does not read the parsed files an earlier build stored: the findings are this build's full run's", async () => {
    const repo = temp('kubelint-changed-build-');
    const cacheDir = path.join(repo, '.cache');
    mkdirSync(cacheDir);
    const env = { KUBELINT_CACHE_DIR: cacheDir };
    writeFileSync(path.join(repo, 'a.yaml'), configMap('a'));
    writeFileSync(path.join(repo, 'b.yaml'), configMap('b'));
    // What an earlier build of this version stored for a.yaml (keyed by the version only), had it
    // read the text otherwise: the ConfigMap named "b".
    const store = { dir: cacheDir, secret: userKey(env)!, version: VERSION };
    const text = readFileSync(path.join(repo, 'a.yaml'), 'utf8');
    contextDocuments(text, 'a.yaml', store);
    const file = parsedEntryFile(store, text);
    const body = readFileSync(file, 'utf8').split('\n')[1]!.replace('"name":"a"', '"name":"b"');
    writeFileSync(file, `${sign(store.secret, body)}\n${body}`);

    holder[RUNNING_BUNDLE_HASH] = 'c'.repeat(64); // this build (boot.ts sets it from the bundle)
    const full = await runJson(['.'], { cwd: repo, env });
    const changed = await runJson(['--changed', 'b.yaml'], { cwd: repo, env });
    const inB = (r: typeof full) => r.report!.findings.filter((f) => f.file === 'b.yaml').map((f) => [f.ruleId, f.line, f.column]);
    expect(inB(full).some(([rule]) => rule === 'duplicate-resource')).toBe(false);
    expect(inB(changed)).toEqual(inB(full));
    expect(changed.code).toBe(full.code);
  });
});
