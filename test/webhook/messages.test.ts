import { describe, expect, it } from 'vitest';
import { formatDenial, formatWarnings, MAX_WARNING_LENGTH, MAX_WARNINGS_TOTAL, runeLength } from '../../src/webhook/messages.js';

// A cross-resource warning as kubectl shows it for a Deployment without a PDB: the namespace and
// the fix sit at the end, where the old 120-character cut removed them.
const PDB_MESSAGE =
  'Deployment "checkout-api" runs 3 replicas but no PodDisruptionBudget in namespace "payments-prod" selects its pods; add one (e.g. maxUnavailable: 1) so voluntary disruptions keep it available';

describe('admission warnings', () => {
  it('keeps a complete warning up to 256 runes: namespace and fix included', () => {
    const [warning] = formatWarnings([{ ruleId: 'pdb-required', path: 'spec.replicas', message: PDB_MESSAGE }]);
    expect(warning).toBe(`[pdb-required] spec.replicas: ${PDB_MESSAGE}`);
    expect(warning!.length).toBeGreaterThan(120);
    expect(warning).toContain('"payments-prod"');
    expect(warning).toContain('add one (e.g. maxUnavailable: 1)');
  });

  it('cuts a single warning beyond 256 runes with an ellipsis and strips control characters', () => {
    const [warning] = formatWarnings([{ ruleId: 'r', message: `line one\nline two\u0085 ${'x'.repeat(300)}` }]);
    expect(runeLength(warning!)).toBe(MAX_WARNING_LENGTH);
    expect(warning!.startsWith('[r] line one line two  x')).toBe(true);
    expect(warning!.endsWith('x…')).toBe(true);
  });

  it('drops the field path before cutting the message of a long warning', () => {
    const message = `${'m'.repeat(230)} end`;
    expect(formatWarnings([{ ruleId: 'rule', path: 'spec.template.spec.containers[0]', message }])).toEqual([`[rule] ${message}`]);
  });

  it('counts runes as the API server does, not UTF-16 units', () => {
    const [warning] = formatWarnings([{ ruleId: 'r', message: '🚀'.repeat(400) }]);
    expect(runeLength(warning!)).toBe(MAX_WARNING_LENGTH);
    expect(warning!.length).toBeGreaterThan(MAX_WARNING_LENGTH); // surrogate pairs
    expect(warning!.endsWith('🚀…')).toBe(true); // never half a pair
  });

  it('fills the 4,096-rune budget with complete warnings and counts the rest in one line', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ruleId: `rule-${i}`, path: `spec.containers[${i}]`, message: 'y'.repeat(200) }));
    const warnings = formatWarnings(many, ['kubelint: a note first']);
    const total = warnings.reduce((n, w) => n + runeLength(w), 0);
    expect(total).toBeLessThanOrEqual(MAX_WARNINGS_TOTAL);
    expect(warnings[0]).toBe('kubelint: a note first');
    const shown = warnings.slice(1, -1);
    // every shown finding is whole (none cut), and about 4096 / 225 of them fit
    shown.forEach((w, i) => expect(w).toBe(`[rule-${i}] spec.containers[${i}]: ${'y'.repeat(200)}`));
    expect(shown.length).toBe(17);
    expect(warnings.at(-1)).toBe(`kubelint: ${40 - shown.length} more warnings not shown (the webhook log lists every finding)`);
  });

  it('shows everything when it fits, without a note, and drops exact duplicates (the API server would)', () => {
    const v = { ruleId: 'a', message: 'same' };
    expect(formatWarnings([v, v, { ruleId: 'b', message: 'other' }])).toEqual(['[a] same', '[b] other']);
  });
});

describe('admission denials', () => {
  it('lists at most 20 violations in a denial', () => {
    const message = formatDenial('Pod "p"', Array.from({ length: 23 }, (_, i) => ({ ruleId: `r${i}`, message: 'bad' })));
    const lines = message.split('\n');
    expect(lines[0]).toBe('kubelint: Pod "p" has 23 policy violations:');
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe('- and 3 more');
  });
});
