// User policies are compiled into the cache folder (policy/load.ts): one that cannot be made is a
// PolicyError naming it (exit 2 with a message), not an internal error at the first write
// ("ENOTDIR: not a directory, mkdir ..." on 35a3b4e); a run without user policies never needs it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { loadUserPolicies } from '../../src/policy/load.js';
import { PolicyError } from '../../src/policy/opa.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();

describe('the cache folder of user policies', () => {
  it('is a PolicyError naming it when it cannot be made', async () => {
    const dir = temp('kubelint-policy-cache-');
    writeFileSync(path.join(dir, 'deny.rego'), 'package main\n\nimport rego.v1\n\ndeny contains "no" if input.kind == "Secret"\n');
    writeFileSync(path.join(dir, 'a-file'), '');
    const cacheDir = path.join(dir, 'a-file', 'cache');
    const config = { ...defaultConfig(dir), policies: [dir] };
    const loading = loadUserPolicies(config, { cwd: dir, env: { KUBELINT_CACHE_DIR: cacheDir } });
    await expect(loading).rejects.toBeInstanceOf(PolicyError);
    await expect(loading).rejects.toThrow(`--policy: user policies are compiled in the cache folder ${cacheDir}, which cannot be made (ENOTDIR); set KUBELINT_CACHE_DIR to a writable folder`);
  });
});
