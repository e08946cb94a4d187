// The rules' own `opa test` suites run on the form the wasm is built from (scripts/policy-lists.mjs:
// each `violation contains` rule an array comprehension, joined in `violation_list`). `opa test`
// over policies/ checks the sources' sets, never the rewritten bodies; here each rewritten module
// gets its set back from its list, so every rule test also checks that the rewrite kept what the
// rule finds (a body cut short, a rule left out of the list, a comprehension that binds otherwise).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
// @ts-expect-error: a build script, plain JavaScript without declarations
import { asLists, LIST_RULE } from '../../scripts/policy-lists.mjs';

const rewrite = asLists as (source: string, file: string) => string;
const opa = packagePath('.tools', 'bin', 'opa');

describe.skipIf(!existsSync(opa))('the rules as the wasm build rewrites them', () => {
  it('pass every opa test of the rules, each module\'s set rebuilt from its list', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-lists-opa-'));
    try {
      const policies = path.join(dir, 'policies');
      cpSync(packagePath('policies'), policies, { recursive: true });
      let rewritten = 0;
      for (const name of readdirSync(policies, { recursive: true }) as string[]) {
        if (!name.endsWith('.rego') || name.endsWith('_test.rego')) continue;
        const file = path.join(policies, name);
        const source = readFileSync(file, 'utf8');
        const listed = rewrite(source, name);
        if (listed === source) continue;
        rewritten++;
        writeFileSync(file, `${listed}\nviolation contains v if some v in ${LIST_RULE as string}\n`);
      }
      expect(rewritten).toBeGreaterThan(80); // every rule module
      const run = spawnSync(opa, ['test', policies], { encoding: 'utf8' });
      expect(run.stdout + run.stderr, 'opa test on the rewritten rules').toMatch(/^PASS: \d+\/\d+\s*$/m);
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
