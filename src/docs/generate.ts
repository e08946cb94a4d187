// docs/rules/*.md from the linter's rule catalogue. `check` mode compares instead of writing, so
// CI can fail when the docs are stale.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RuleInfo } from '../engine/check.js';
import { GENERATED_MARK, renderRuleDoc, renderRuleIndex, type RuleExample } from './rule-doc.js';
import { ruleOptions } from './rule-options.js';

const FIXTURE = /^(pass|fail)\.(.+)\.ya?ml$/;

/** fixtures/rules/<id>/{pass,fail}.<case>.yaml, sorted by name. */
export function ruleExamples(fixturesDir: string, id: string): RuleExample[] {
  const dir = path.join(fixturesDir, id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const m = FIXTURE.exec(name);
      if (!m) return [];
      return [{ verdict: m[1] as 'pass' | 'fail', name: m[2]!.replace(/[-_]/g, ' '), text: readFileSync(path.join(dir, name), 'utf8') }];
    });
}

/** Every file docs/rules should contain, by file name. */
export function renderRuleDocs(rules: readonly RuleInfo[], fixturesDir: string): Map<string, string> {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  const files = new Map<string, string>([['README.md', renderRuleIndex(sorted)]]);
  for (const rule of sorted) files.set(`${rule.id}.md`, renderRuleDoc(rule, ruleOptions(rule), ruleExamples(fixturesDir, rule.id)));
  return files;
}

export interface DocsDiff {
  stale: string[];
  missing: string[];
  extra: string[];
}

/** Compares the rendered docs with what is on disk; generated files only (hand-written ones are left alone). */
export function compareRuleDocs(expected: Map<string, string>, docsDir: string): DocsDiff {
  const diff: DocsDiff = { stale: [], missing: [], extra: [] };
  for (const [name, text] of expected) {
    const file = path.join(docsDir, name);
    if (!existsSync(file)) diff.missing.push(name);
    else if (readFileSync(file, 'utf8') !== text) diff.stale.push(name);
  }
  if (existsSync(docsDir)) {
    for (const name of readdirSync(docsDir).sort()) {
      if (expected.has(name) || !name.endsWith('.md')) continue;
      if (readFileSync(path.join(docsDir, name), 'utf8').includes(GENERATED_MARK)) diff.extra.push(name);
    }
  }
  return diff;
}

export function writeRuleDocs(expected: Map<string, string>, docsDir: string): DocsDiff {
  const diff = compareRuleDocs(expected, docsDir);
  mkdirSync(docsDir, { recursive: true });
  for (const name of [...diff.stale, ...diff.missing]) writeFileSync(path.join(docsDir, name), expected.get(name)!);
  for (const name of diff.extra) rmSync(path.join(docsDir, name)); // a removed rule's page
  return diff;
}
