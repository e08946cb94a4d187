// build/policies/rules.json is parsed once per process however many readers ask (the rule
// catalogue, option defaults and schemas), and again when the file on disk is replaced.
import { statSync, utimesSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLICY_DIR, readOptionDefaults, readOptionSchemas, readRulesFile } from '../../src/engine/rego-files.js';

const RULES = `${POLICY_DIR}/rules.json`;

/** How many times JSON.parse was given rules.json's text while `read` ran. */
function rulesParses(read: () => void): number {
  const parse = vi.spyOn(JSON, 'parse');
  try {
    read();
    return parse.mock.calls.filter(([text]) => typeof text === 'string' && text.includes('"entrypoint"') && text.includes('"rules"')).length;
  } finally {
    parse.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('rules.json reader', () => {
  it('parses the file once for every reader of a run, each given its own rule objects', () => {
    let first: ReturnType<typeof readRulesFile> | undefined;
    let second: ReturnType<typeof readRulesFile> | undefined;
    const parses = rulesParses(() => {
      first = readRulesFile();
      readOptionDefaults();
      readOptionSchemas();
      second = readRulesFile();
    });
    expect(parses).toBe(1);
    expect(second).toEqual(first);
    expect(first!.rules.length).toBeGreaterThan(50);
    expect(first!.rules.every((rule) => rule.origin === 'rego')).toBe(true);
    // A caller changing its rules does not change the next caller's.
    first!.rules[0]!.id = 'changed-by-a-caller';
    expect(readRulesFile().rules[0]!.id).toBe(second!.rules[0]!.id);
  });

  it('reads the file again once it is replaced (another mtime)', () => {
    readRulesFile();
    const { atime, mtime } = statSync(RULES);
    try {
      utimesSync(RULES, atime, new Date(mtime.getTime() + 2000));
      expect(rulesParses(() => readRulesFile())).toBe(1);
      expect(rulesParses(() => readRulesFile())).toBe(0);
    } finally {
      utimesSync(RULES, atime, mtime);
    }
  });
});
