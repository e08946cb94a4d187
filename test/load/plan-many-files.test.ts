// A folder of more files than a call takes as arguments: the plan appended the walked files with
// push(...files), and a folder of 130,000 manifests ended the run with "internal error: Maximum
// call stack size exceeded" before a file was read.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { planInputs } from '../../src/load/plan.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const COUNT = 130_000;

describe('a folder of 130,000 manifests', () => {
  it('is planned whole', async () => {
    const root = temp('kubelint-many-');
    for (let i = 0; i < COUNT; i++) writeFileSync(path.join(root, `m${i}.yaml`), '');
    const plan = await planInputs([root], defaultConfig(root), root);
    expect(plan.problems).toEqual([]);
    expect(plan.files).toHaveLength(COUNT);
    expect(plan.files[0]).toBe(path.join(root, 'm0.yaml'));
  }, 120_000);
});
