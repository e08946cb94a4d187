// A repository without a config never loads cosmiconfig (config/search-absent.ts): the shortcut
// must answer "nothing to find" only where cosmiconfig's own search finds nothing.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cosmiconfig } from 'cosmiconfig';
import { CONFIG_FILE_NAMES, resolveConfig } from '../../src/config/load.js';
import { configCannotBeFound } from '../../src/config/search-absent.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const explorers = vi.hoisted(() => ({ made: 0 }));
vi.mock('cosmiconfig', async (importOriginal) => {
  const real = await importOriginal<typeof import('cosmiconfig')>();
  return { ...real, cosmiconfig: (...args: Parameters<typeof real.cosmiconfig>) => (explorers.made++, real.cosmiconfig(...args)) };
});
afterEach(() => {
  explorers.made = 0;
});

const temp = tempDirs();
const PLACES = { files: CONFIG_FILE_NAMES, packageProp: 'kubelint' };

/** A project folder (package.json at its root, a .git) with `files`, and a sub-folder to run from. */
function project(files: Record<string, string>): { root: string; sub: string } {
  const root = temp('kubelint-absent-');
  mkdirSync(path.join(root, '.git'));
  mkdirSync(path.join(root, 'deploy', 'prod'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return { root, sub: path.join(root, 'deploy', 'prod') };
}

/** What cosmiconfig itself finds from `cwd` (no meta config in these folders). */
async function cosmiconfigFinds(cwd: string): Promise<boolean> {
  const found = await cosmiconfig('kubelint', { searchPlaces: ['package.json', ...CONFIG_FILE_NAMES], searchStrategy: 'project', cache: false }).search(cwd);
  return found !== null && !found.isEmpty;
}

describe('configCannotBeFound', () => {
  it('answers true for a project whose package.json has no "kubelint" key (kubelint as a devDependency)', async () => {
    const { root, sub } = project({ 'package.json': '{"name": "shop", "devDependencies": {"kubelint": "^0.1.0"}}' });
    expect(configCannotBeFound(sub, root, PLACES)).toBe(true);
    expect(await cosmiconfigFinds(sub)).toBe(false);
  });

  it.each(CONFIG_FILE_NAMES.map((name) => [name]))('answers false when %s is in a searched folder', async (name) => {
    const { root, sub } = project({ 'package.json': '{}', [`deploy/${name}`]: '{}' });
    expect(configCannotBeFound(sub, root, PLACES)).toBe(false);
  });

  it('answers for a candidate in another letter case as the file system answers cosmiconfig (found where letter case does not count)', async () => {
    const { root, sub } = project({ 'package.json': '{}', 'deploy/.KubeLintRC.yaml': 'failOn: warning\n' });
    expect(configCannotBeFound(sub, root, PLACES)).toBe(!(await cosmiconfigFinds(sub)));
  });

  it('answers false where a name cannot be looked up (a symlink loop), as cosmiconfig then fails or reads on', async () => {
    const { root, sub } = project({ 'package.json': '{}' });
    symlinkSync('.kubelint.json', path.join(root, 'deploy', '.kubelint.json'));
    expect(configCannotBeFound(sub, root, PLACES)).toBe(false);
  });

  it.each([
    ['a "kubelint" key', '{"kubelint": {"failOn": "warning"}}'],
    ['not JSON', '{"name": '],
    ['not an object', '[]'],
    ['empty', ''],
  ])('answers false for a package.json with %s (cosmiconfig reads or reports it)', (_what, text) => {
    const { root, sub } = project({ 'package.json': text });
    expect(configCannotBeFound(sub, root, PLACES)).toBe(false);
  });

  it('stops at the first folder with a package.json, as cosmiconfig does: a config above it is not found', async () => {
    const outer = project({ '.kubelint.json': '{"failOn": "warning"}' });
    const inner = path.join(outer.root, 'deploy', 'prod');
    writeFileSync(path.join(inner, 'package.json'), '{"name": "inner"}');
    expect(configCannotBeFound(inner, inner, PLACES)).toBe(true);
    expect(await cosmiconfigFinds(inner)).toBe(false);
    expect(configCannotBeFound(path.join(outer.root, 'deploy'), outer.root, PLACES)).toBe(false);
  });

  it.each([
    ['PACKAGE.YAML in another letter case', (dir: string) => writeFileSync(path.join(dir, 'PACKAGE.YAML'), 'name: shop\n')],
    ['a dangling package.yaml link', (dir: string) => symlinkSync('missing.yaml', path.join(dir, 'package.yaml'))],
    ['a dangling package.json link', (dir: string) => symlinkSync('missing.json', path.join(dir, 'package.json'))],
  ])('does not stop at %s: cosmiconfig stats the exact name and goes on to the config above', async (_what, plant) => {
    const { root, sub } = project({ '.kubelint.json': '{"failOn": "warning"}' });
    plant(path.join(root, 'deploy'));
    expect(await cosmiconfigFinds(sub)).toBe(true);
    expect(configCannotBeFound(sub, sub, PLACES)).toBe(false);
  });

  it("answers false when the process's folder has a cosmiconfig meta config (it can change the search places)", () => {
    const { root, sub } = project({ 'package.json': '{}', '.config/config.json': '{"searchPlaces": ["k.json"]}' });
    expect(configCannotBeFound(sub, root, PLACES)).toBe(false);
    const withKey = project({ 'package.json': '{"cosmiconfig": {"searchPlaces": ["k.json"]}}' });
    expect(configCannotBeFound(withKey.sub, withKey.root, PLACES)).toBe(false);
  });

  it('answers false for a folder it cannot list', () => {
    expect(configCannotBeFound(path.join(os.tmpdir(), 'kubelint-absent-missing', 'x'), os.tmpdir(), PLACES)).toBe(false);
  });
});

describe('resolveConfig without a config file', () => {
  it('never creates a cosmiconfig explorer where nothing can be found, and still finds a config that is there', async () => {
    const { root, sub } = project({ 'package.json': '{"name": "shop"}' });
    const spy = vi.spyOn(process, 'cwd').mockReturnValue(root);
    try {
      expect((await resolveConfig({ cwd: sub })).configFile).toBeUndefined();
      expect(explorers.made).toBe(0);
      writeFileSync(path.join(root, 'deploy', '.kubelintrc.yaml'), 'failOn: warning\n');
      const config = await resolveConfig({ cwd: sub });
      expect([config.configFile, config.failOn]).toEqual([path.join(root, 'deploy', '.kubelintrc.yaml'), 'warning']);
      expect(explorers.made).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('configCannotBeFound against cosmiconfig on random trees', () => {
  /** mulberry32: seeded. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rand = random(20261206);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // What a folder may hold: package files of every sort, candidates (empty, folders, links, letter case).
  const plants: Array<(dir: string) => void> = [
    (d) => writeFileSync(path.join(d, 'package.json'), '{"name": "x"}'),
    (d) => writeFileSync(path.join(d, 'package.json'), '{"kubelint": {"failOn": "warning"}}'),
    (d) => writeFileSync(path.join(d, 'package.json'), '{"kubelint": null}'),
    (d) => writeFileSync(path.join(d, 'package.json'), ''),
    (d) => mkdirSync(path.join(d, 'package.json')),
    (d) => symlinkSync('missing', path.join(d, 'package.json')),
    (d) => writeFileSync(path.join(d, 'Package.json'), '{"kubelint": {}}'),
    (d) => writeFileSync(path.join(d, 'package.yaml'), 'name: x\n'),
    (d) => writeFileSync(path.join(d, 'PACKAGE.YAML'), 'name: x\n'),
    (d) => symlinkSync('missing', path.join(d, 'package.yaml')),
    (d) => mkdirSync(path.join(d, 'package.yaml')),
    (d) => writeFileSync(path.join(d, pick(CONFIG_FILE_NAMES.filter((n) => !/js$/.test(n)))), '{"failOn": "warning"}'),
    (d) => writeFileSync(path.join(d, '.kubelintrc.yaml'), ''),
    (d) => mkdirSync(path.join(d, '.kubelintrc')),
    (d) => writeFileSync(path.join(d, '.KUBELINT.JSON'), '{"failOn": "warning"}'),
    (d) => symlinkSync('.kubelint.json', path.join(d, '.kubelint.json')),
    (d) => symlinkSync('missing', path.join(d, '.kubelintrc.json')),
  ];

  it('never answers "nothing to find" where cosmiconfig finds a config or fails (200 trees)', async () => {
    let absent = 0;
    for (let i = 0; i < 200; i++) {
      const root = temp('kubelint-absent-tree-');
      const dirs = [root, path.join(root, 'a'), path.join(root, 'a', 'b'), path.join(root, 'a', 'b', 'c')];
      mkdirSync(dirs[3]!, { recursive: true });
      for (const dir of dirs) {
        for (let k = 0; k < 2; k++) {
          if (rand() >= 0.35) continue;
          try {
            pick(plants)(dir);
          } catch {
            // that name is taken in this folder already
          }
        }
      }
      if (!configCannotBeFound(dirs[3]!, dirs[3]!, PLACES)) continue;
      absent++;
      await expect(cosmiconfigFinds(dirs[3]!), root).resolves.toBe(false);
    }
    expect(absent).toBeGreaterThan(30); // the shortcut still answers for many trees
  });
});
