// The stored validators of custom-resource schemas (src/engine/schema-disk-cache.ts) are compiled
// through a V8 code cache of their own: a warm run neither parses their ~300 KB of code per CRD
// version again nor compiles the functions the last run called. The cache is bound to the MAC of
// the code it was made from, so it never runs for other code (V8 checks only the source's length).
import { randomBytes } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeCacheFile } from '../../src/cache/code-cache.js';
import { customResourceSchema } from '../../src/engine/schema-crd.js';
import { PRUNE_VALIDATORS, storeCodeCaches, useValidatorDiskCache } from '../../src/engine/schema-disk-cache.js';
import { SchemaValidators } from '../../src/engine/schema-validator.js';
import { bundleHash, loadBundle } from '../../src/schemas/store.js';
import { writeOldFiles } from '../helpers/old-files.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const bundle = loadBundle('1.36');

const sizeSchema = (minimum: number) => customResourceSchema({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', minimum } } } } });
const widget = (size: unknown) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size } });

afterEach(() => {
  storeCodeCaches(); // nothing left over for the next test
  useValidatorDiskCache(undefined);
});

function setup() {
  const dir = temp('kubelint-validator-code-');
  const disk = { dir, secret: randomBytes(32), version: 'test' };
  useValidatorDiskCache(disk);
  /** A run's validators: a new instance holds none in memory, as a new process. */
  const run = () => new SchemaValidators(bundle, true, bundleHash('1.36'));
  const stored = () => readdirSync(path.join(dir, 'validators')).sort().map((name) => path.join(dir, 'validators', name));
  const cacheOf = (file: string) => codeCacheFile(dir, file);
  const stamp = (file: string) => { const s = statSync(file); return `${s.ino} ${s.mtimeMs}`; };
  return { dir, run, stored, cacheOf, stamp };
}

const errors = (validate: ((value: unknown) => boolean) & { errors?: unknown }, value: unknown) => [validate(value), validate.errors];

describe('stored custom-resource validators and their V8 code cache', () => {
  it('store a code cache when a run that read the code back ends, and compile from it next run, validating alike', () => {
    const { run, stored, cacheOf, stamp } = setup();
    const first = run().forSchema(sizeSchema(3));
    const expected = errors(first, widget(1));
    expect(expected[0]).toBe(false);
    const [file] = stored();
    storeCodeCaches();
    // The run that compiled leaves the code cache to the next: its own peak is at its end.
    expect(() => statSync(cacheOf(file!))).toThrow();
    const second = run().forSchema(sizeSchema(3));
    expect(errors(second, widget(1))).toEqual(expected);
    expect(() => statSync(cacheOf(file!))).toThrow(); // written when the run ends, not before
    storeCodeCaches();
    const made = stamp(cacheOf(file!));
    // The next run takes the cache: nothing is left to store, so the file stays as it was.
    const third = run().forSchema(sizeSchema(3));
    expect(errors(third, widget(1))).toEqual(expected);
    expect(errors(third, widget(5))).toEqual([true, null]);
    storeCodeCaches();
    expect(stamp(cacheOf(file!))).toBe(made);
  });

  it("never runs another validator's code cache: one made for other code is refused and remade", () => {
    const { run, stored, cacheOf, stamp } = setup();
    for (let i = 0; i < 2; i++) [3, 30].forEach((n) => run().forSchema(sizeSchema(n))); // compiled, then read back
    storeCodeCaches();
    const [a, b] = stored();
    // Same user key, so the signature holds; the code it was made from does not match.
    copyFileSync(cacheOf(a!), cacheOf(b!));
    const before = stamp(cacheOf(b!));
    const three = run().forSchema(sizeSchema(3));
    const thirty = run().forSchema(sizeSchema(30));
    expect([three(widget(10)), thirty(widget(10))]).toEqual([true, false]);
    storeCodeCaches();
    expect(stamp(cacheOf(b!))).not.toBe(before); // b compiled from source, and its cache was written again
    expect(readFileSync(cacheOf(b!))).not.toEqual(readFileSync(cacheOf(a!)));
  });

  it("never takes another schema's validator: one stored under another schema's name is refused and compiled anew", () => {
    const { run, stored } = setup();
    run().forSchema(sizeSchema(3));
    run().forSchema(sizeSchema(30));
    const [a, b] = stored();
    // Signed by this user's key, so the code verifies; it is the validator of the other schema.
    copyFileSync(a!, b!);
    const three = run().forSchema(sizeSchema(3));
    const thirty = run().forSchema(sizeSchema(30));
    expect([three(widget(10)), thirty(widget(10))]).toEqual([true, false]);
    expect(readFileSync(b!)).not.toEqual(readFileSync(a!)); // b compiled again and stored over the copy
  });

  it('compiles from source past a damaged code cache', () => {
    const { run, stored, cacheOf } = setup();
    run().forSchema(sizeSchema(3));
    run().forSchema(sizeSchema(3));
    storeCodeCaches();
    const [file] = stored();
    const bytes = readFileSync(cacheOf(file!));
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(cacheOf(file!), bytes);
    expect(errors(run().forSchema(sizeSchema(3)), widget(5))).toEqual([true, null]);
  });

  it('are bounded: storing one drops the oldest past PRUNE_VALIDATORS.keep, and keeps the one stored', () => {
    const { dir, run, stored } = setup();
    writeOldFiles(path.join(dir, 'validators'), PRUNE_VALIDATORS.keep + 5, '.js', '// mac 0\n');
    expect(errors(run().forSchema(sizeSchema(3)), widget(1))[0]).toBe(false);
    const names = stored().map((file) => path.basename(file));
    expect(names).toHaveLength(PRUNE_VALIDATORS.keep);
    expect(names.filter((name) => !name.startsWith('old'))).toHaveLength(1);
    expect(names).not.toContain(`old${String(PRUNE_VALIDATORS.keep + 4).padStart(4, '0')}.js`);
  });
});
