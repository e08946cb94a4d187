// --changed's per-resource findings by object content (src/cache/resource-findings.ts): one signed
// file per object in a folder per set of settings, only built-in kinds, objects told apart by their full content.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsFolder, objectKey, openFindingsCache } from '../../src/cache/resource-findings.js';
import { defaultConfig } from '../../src/config/defaults.js';
import type { Resource } from '../../src/types.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const config = defaultConfig('/repo');
const resource = (kind: string, apiVersion: string, spec: unknown = {}): Resource => {
  const object = { apiVersion, kind, metadata: { name: 'x' }, spec };
  return { apiVersion, kind, name: 'x', object, basePath: [] };
};
const deployment = resource('Deployment', 'apps/v1', { replicas: 1 });
const found = [{ ruleId: 'schema', message: 'm', path: ['spec'] }];
const storeOf = () => ({ dir: temp('kubelint-findings-'), secret: randomBytes(32), version: '1.0.0+abc' });

describe('openFindingsCache', () => {
  it('keeps objects of built-in kinds only, never CRDs or custom resources', () => {
    const cache = openFindingsCache(storeOf(), config);
    expect(cache.cacheable(deployment)).toBe(true);
    expect(cache.cacheable(resource('Widget', 'example.com/v1'))).toBe(false);
    expect(cache.cacheable(resource('CustomResourceDefinition', 'apiextensions.k8s.io/v1'))).toBe(false);
    // A removed API (no bundled schema) is judged against the run's CRDs and schema folders.
    expect(cache.cacheable(resource('Deployment', 'extensions/v1beta1'))).toBe(false);
  });

  it('serves what it stored to the next run with the same settings and key, and nothing otherwise', () => {
    const store = storeOf();
    const first = openFindingsCache(store, config);
    expect(first.get(deployment)).toBeUndefined();
    first.set(deployment, found);
    first.save();
    const copy = structuredClone(deployment);
    expect(openFindingsCache(store, config).get(copy)).toEqual(found);
    expect(openFindingsCache({ ...store, version: '1.0.0+def' }, config).get(copy)).toBeUndefined();
    expect(openFindingsCache({ ...store, secret: randomBytes(32) }, config).get(copy)).toBeUndefined();
    expect(openFindingsCache(store, { ...config, defaultNamespace: 'other' }).get(copy)).toBeUndefined();
    expect(openFindingsCache(store, { ...config, rules: { 'image-tag-pinned': { severity: 'off' } } }).get(copy)).toBeUndefined();
    // An edit of the entry without the key's signature: nothing is served.
    const folder = findingsFolder(store, config);
    const [file] = readdirSync(folder).filter((n) => n.endsWith('.json'));
    const full = path.join(folder, file!);
    writeFileSync(full, readFileSync(full, 'utf8').replace('"m"', '"n"'));
    expect(openFindingsCache(store, config).get(copy)).toBeUndefined();
    // A signed entry copied under another object's name is not served for that object either.
    const other = resource('Deployment', 'apps/v1', { replicas: 2 });
    const second = openFindingsCache(store, config);
    second.set(other, found);
    second.save();
    writeFileSync(full, readFileSync(path.join(folder, `${objectKey(other.object)}.json`)));
    expect(openFindingsCache(store, config).get(copy)).toBeUndefined();
    expect(openFindingsCache(store, config).get(other)).toEqual(found);
  });

  it('tells objects apart by all their content: infinities are not null, numbers are not strings', () => {
    const strings = ['\u0000Infinity', '\u0000-Infinity', '\u0000NaN', '\u0000\u0000Infinity', 'Infinity'].map((a) => ({ a }));
    const keys = [{ a: null }, { a: Infinity }, { a: -Infinity }, { a: NaN }, { a: 1 }, { a: '1' }, ...strings].map(objectKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(objectKey({ a: 1, b: [2] })).toBe(objectKey(JSON.parse('{"a":1,"b":[2]}')));
  });

  it('keeps a few settings folders only, and one file per object', () => {
    const store = storeOf();
    for (let i = 0; i < 9; i++) {
      const cache = openFindingsCache(store, { ...config, defaultNamespace: `ns${i}` });
      cache.set(deployment, found);
      cache.set(resource('Deployment', 'apps/v1', { replicas: 2 }), []);
      cache.save();
      // Folders made within one clock tick would tie: the newest must be told apart.
      utimesSync(findingsFolder(store, { ...config, defaultNamespace: `ns${i}` }), new Date(), new Date(Date.now() - (9 - i) * 1000));
    }
    const folders = readdirSync(path.join(store.dir, 'findings'));
    expect(folders.length).toBe(6);
    expect(folders).toContain(path.basename(findingsFolder(store, { ...config, defaultNamespace: 'ns8' })));
    expect(readdirSync(findingsFolder(store, { ...config, defaultNamespace: 'ns8' })).filter((n) => n.endsWith('.json')).length).toBe(2);
  });

  it('keeps the settings in use: a run served from its folder alone moves the folder\'s time', () => {
    const store = storeOf();
    const daily = openFindingsCache(store, config);
    daily.set(deployment, found);
    daily.save();
    const used = findingsFolder(store, config);
    const weekAgo = new Date(Date.now() - 7 * 24 * 3600 * 1000);
    utimesSync(used, weekAgo, weekAgo);
    // Five other settings since (one a day, each with a new entry): six folders, the bound.
    for (let i = 0; i < 5; i++) {
      const other = { ...config, defaultNamespace: `ns${i}` };
      const cache = openFindingsCache(store, other);
      cache.set(deployment, found);
      cache.save();
      const day = new Date(Date.now() - (5 - i) * 24 * 3600 * 1000);
      utimesSync(findingsFolder(store, other), day, day);
    }
    // Today's run with the daily settings: every object a hit, nothing added.
    const today = openFindingsCache(store, config);
    expect(today.get(structuredClone(deployment))).toEqual(found);
    today.save();
    // The next new settings prune to six folders: the oldest other one goes, not the one in use.
    const next = openFindingsCache(store, { ...config, defaultNamespace: 'new' });
    next.set(deployment, found);
    next.save();
    const folders = readdirSync(path.join(store.dir, 'findings'));
    expect(folders).toHaveLength(6);
    expect(folders).toContain(path.basename(used));
    expect(folders).not.toContain(path.basename(findingsFolder(store, { ...config, defaultNamespace: 'ns0' })));
    expect(openFindingsCache(store, config).get(structuredClone(deployment))).toEqual(found);
  });
});
