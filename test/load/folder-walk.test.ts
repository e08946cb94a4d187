// A folder walk without exclude patterns lists entries itself (src/load/folder-walk.ts) instead of
// running the glob engine; it must list exactly what fast-glob's `**/*` walk listed (but for the
// names fast-glob gets wrong: the last test), with the same
// entry types, on the shapes a repository can hold: dot-folders, node_modules and .git at any
// depth (as folders, files, or a worktree's `.git` file), symlinks to files and folders (listed,
// never followed), dangling links, a FIFO.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fastGlob from 'fast-glob';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { walkFolder } from '../../src/load/folder-walk.js';
import { planInputs } from '../../src/load/plan.js';
import type { WalkedEntry } from '../../src/load/walk-entries.js';
import { tempDirs } from '../helpers/temp-dirs.js';

// Counts the glob engine's walks; each still walks as fast-glob does.
const globCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('fast-glob', async (importOriginal) => {
  const real = ((await importOriginal()) as { default: typeof fastGlob }).default;
  const counted = Object.assign((...args: Parameters<typeof fastGlob>) => {
    globCalls.count++;
    return real(...args);
  }, real);
  return { default: counted };
});

const temp = tempDirs();

const kind = (e: WalkedEntry) => (e.dirent.isFile() ? 'file' : e.dirent.isDirectory() ? 'folder' : e.dirent.isSymbolicLink() ? 'symlink' : 'other');
const listing = (entries: WalkedEntry[], root: string) => entries.map((e) => `${path.relative(root, path.normalize(e.path))} ${kind(e)}`).sort();

/** What plan.ts asked fast-glob for before folder-walk.ts. */
async function globbed(root: string): Promise<string[]> {
  const entries = (await fastGlob('**/*', { followSymbolicLinks: false, onlyFiles: false, objectMode: true, dot: true, cwd: root, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] })) as unknown as WalkedEntry[];
  return listing(entries, root);
}

function tree(root: string): void {
  const file = (rel: string, text = 'kind: ConfigMap\n') => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  file('apps/web/deploy.yaml');
  file('apps/web/.env.yaml');
  file('.github/workflows/ci.yml');
  file('node_modules/pkg/chart.yaml');
  file('apps/node_modules/dep/x.yaml');
  file('apps/web/node_modules'); // a file by that name
  file('.git/config.yaml');
  file('vendor/lib/.git', 'gitdir: ../../.git/modules/lib\n'); // a worktree's or submodule's .git file
  file('vendor/lib/.gitignore');
  file('vendor/lib/node_modules.yaml');
  file('a node_modules b/x.yaml');
  file('real/target.yaml');
  symlinkSync('../../real/target.yaml', path.join(root, 'apps/web/link.yaml'));
  symlinkSync('../real', path.join(root, 'apps/linked-folder'));
  symlinkSync('nowhere.yaml', path.join(root, 'apps/dangling.yaml'));
  symlinkSync('.', path.join(root, 'apps/loop'));
  mkdirSync(path.join(root, 'empty/deeper'), { recursive: true });
  execFileSync('mkfifo', [path.join(root, 'apps/pipe.yaml')]);
}

describe('walkFolder', () => {
  beforeEach(() => {
    globCalls.count = 0;
  });

  it('lists what the glob walk of `**/*` lists, with the same entry types', async () => {
    const root = temp('kubelint-folder-walk-');
    tree(root);
    const walked = listing(walkFolder(root), root);
    expect(walked).toEqual(await globbed(root));
    expect(walked).toContain('apps/web/link.yaml symlink');
    expect(walked).toContain('apps/pipe.yaml other');
    expect(walked.filter((e) => /(^|\/)(node_modules|\.git)(\/| )/.test(e))).toEqual([]);
  });

  it('lists a folder before what is inside its folders', () => {
    const root = temp('kubelint-folder-walk-');
    tree(root);
    const order = walkFolder(root).map((e) => path.relative(root, e.path));
    const depth = (rel: string) => rel.split(path.sep).length;
    expect(order.map(depth)).toEqual([...order.map(depth)].sort((a, b) => a - b));
  });

  it('plans a folder without exclude patterns without the glob engine, and with them through it, to the same files', async () => {
    const root = temp('kubelint-folder-walk-');
    tree(root);
    const config = defaultConfig(root);
    const plain = await planInputs(['.'], config, root);
    expect(globCalls.count).toBe(0);
    expect(plain.files.map((f) => path.relative(root, f))).toEqual(['.github/workflows/ci.yml', 'a node_modules b/x.yaml', 'apps/dangling.yaml', 'apps/web/.env.yaml', 'apps/web/deploy.yaml', 'apps/web/link.yaml', 'real/target.yaml', 'vendor/lib/node_modules.yaml']);
    expect(plain.skipped.map((s) => [s.file, s.reason])).toEqual([['apps/pipe.yaml', 'FIFO (named pipe)']]);
    const excluding = await planInputs(['.'], { ...config, exclude: ['real/**'] }, root);
    expect(globCalls.count).toBe(1);
    expect(excluding.files).toEqual(plain.files.filter((f) => !f.startsWith(path.join(root, 'real') + path.sep)));
    expect(excluding.skipped).toEqual(plain.skipped);
  });

  // The one place the listing is not fast-glob's: fast-glob turns a backslash in a name into a
  // folder separator (then "cannot read: no such file", exit 2) and leaves out a name holding a
  // line break; both are ordinary names on Linux, and the walk lists them as they are.
  it('plans names with a backslash or a line break as they are', async () => {
    const root = temp('kubelint-folder-walk-');
    mkdirSync(path.join(root, 'back\\slash'));
    writeFileSync(path.join(root, 'back\\slash', 'a.yaml'), 'kind: ConfigMap\n');
    writeFileSync(path.join(root, 'two\nlines.yaml'), 'kind: ConfigMap\n');
    const plan = await planInputs(['.'], defaultConfig(root), root);
    expect(plan.files.map((f) => path.relative(root, f))).toEqual(['back\\slash/a.yaml', 'two\nlines.yaml']);
    expect(plan.problems).toEqual([]);
  });
});
