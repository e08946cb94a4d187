import { describe, expect, it } from 'vitest';
import { formatDenial, formatWarnings, MAX_WARNING_LENGTH, MAX_WARNINGS_TOTAL } from '../../src/webhook/messages.js';

describe('admission messages', () => {
  it('cuts each warning to 120 characters and strips control characters', () => {
    const [warning] = formatWarnings([{ ruleId: 'r', path: 'spec', message: `line one\nline two ${'x'.repeat(300)}` }]);
    expect(warning).toHaveLength(MAX_WARNING_LENGTH);
    expect(warning!.startsWith('[r] spec: line one line two x')).toBe(true);
    expect(warning!.endsWith('...')).toBe(true);
  });

  it('keeps all warnings within 4096 characters and says how many were cut', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ ruleId: `rule-${i}`, message: 'y'.repeat(200) }));
    const warnings = formatWarnings(many);
    const total = warnings.reduce((n, w) => n + w.length, 0);
    expect(total).toBeLessThanOrEqual(MAX_WARNINGS_TOTAL);
    expect(warnings.every((w) => w.length <= MAX_WARNING_LENGTH)).toBe(true);
    const kept = warnings.length - 1;
    expect(warnings.at(-1)).toBe(`kubelint: ${100 - kept} more warnings not shown`);
    expect(kept).toBe(Math.floor((MAX_WARNINGS_TOTAL - 40) / MAX_WARNING_LENGTH));
  });

  it('lists at most 20 violations in a denial', () => {
    const message = formatDenial('Pod "p"', Array.from({ length: 23 }, (_, i) => ({ ruleId: `r${i}`, message: 'bad' })));
    const lines = message.split('\n');
    expect(lines[0]).toBe('kubelint: Pod "p" has 23 policy violations:');
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe('- and 3 more');
  });
});
