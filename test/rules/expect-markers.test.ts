// The `# expect:` marker syntax every fixture test relies on.
import { describe, expect, it } from 'vitest';
import { compareExpectations, expectationsFor } from '../helpers/expect-markers.js';

const found = (line: number, column: number, message = 'm', ruleId = 'r') => ({ ruleId, line, column, message });

describe('expect markers', () => {
  it('default to the first content column, after indentation and `- `', () => {
    expect(expectationsFor('a:\n  - name: x # expect: r\n  b: 1 # expect: r, s\n')).toEqual([
      { ruleId: 'r', line: 2, column: 5 },
      { ruleId: 'r', line: 3, column: 3 },
      { ruleId: 's', line: 3, column: 3 },
    ]);
  });

  it('take an explicit column and a message fragment', () => {
    expect(expectationsFor('x: {a: [B, C]} # expect: r:13 "C is bad", r:10\n')).toEqual([
      { ruleId: 'r', line: 1, column: 10 },
      { ruleId: 'r', line: 1, column: 13, message: 'C is bad' },
    ]);
  });

  it('keep versioned markers apart', () => {
    const text = 'kind: X # expect: a # expect@1.30: b:3\n';
    expect(expectationsFor(text)).toEqual([{ ruleId: 'a', line: 1, column: 1 }]);
    expect(expectationsFor(text, '1.30')).toEqual([{ ruleId: 'b', line: 1, column: 3 }]);
  });

  it('reject a malformed marker instead of ignoring it', () => {
    expect(() => expectationsFor('a: 1 # expect: r:x\n')).toThrow(/line 1: bad # expect: marker/);
    expect(() => expectationsFor('a: 1 # expect: r "unterminated\n')).toThrow(/bad # expect: marker/);
  });

  it('count findings on one spot instead of merging them', () => {
    const twice = expectationsFor('a: 1 # expect: r, r\n');
    expect(compareExpectations(twice, [found(1, 1), found(1, 1)])).toEqual([]);
    expect(compareExpectations(twice, [found(1, 1)])).toEqual(['missing: 1:1 r']);
    expect(compareExpectations(expectationsFor('a: 1 # expect: r\n'), [found(1, 1), found(1, 1)])).toEqual(['unexpected: 1:1 r "m"']);
  });

  it('pin the column', () => {
    expect(compareExpectations(expectationsFor('a: 1 # expect: r\n'), [found(1, 4)])).toEqual(['missing: 1:1 r', 'unexpected: 1:4 r "m"']);
  });

  it('match each fragment to its own finding', () => {
    const both = expectationsFor('a: 1 # expect: r "cpu", r "memory"\n');
    expect(compareExpectations(both, [found(1, 1, 'no memory limit'), found(1, 1, 'no cpu limit')])).toEqual([]);
    expect(compareExpectations(both, [found(1, 1, 'no cpu limit'), found(1, 1, 'no cpu limit')])).toEqual([
      'no message containing "memory" at 1:1 r; found: "no cpu limit"',
      'unexpected: 1:1 r "no cpu limit"',
    ]);
  });
});
