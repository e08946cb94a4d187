// JUnit XML escapes a text in one pass, and not at all when it holds nothing to escape (most rule
// ids, paths and failure lines). The XML is unchanged: the same text as the chain of replacements
// it was written with, on texts holding every character that chain treats specially.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { escapeXml, formatJunit } from '../../src/report/junit.js';
import { context, finding, report } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The escaping as it was written before: a replacement per special character. */
function chained(text: string): string {
  return text
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

describe('junit costs', () => {
  it('escapes as the chain of replacements did, on every special character and random mixes of them', () => {
    const specials = ['&', '<', '>', '"', "'", '\r', '\n', '\t', '\u0001', '\u001f', '\ud800', '\udfff', '\ud83d\ude00', '\ufffe', '\uffff', '&#10;', '&amp;', 'é', 'a', ' '];
    for (const s of specials) expect(escapeXml(s)).toBe(chained(s));
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: next() % 12 }, () => specials[next() % specials.length]).join('');
      expect(escapeXml(text)).toBe(chained(text));
    }
  });

  it('rewrites no failure with nothing to escape, and writes the same failure lines', () => {
    const findings = Array.from({ length: 40 }, (_, i) => finding({ message: `no limits on container ${i}`, note: i === 0 ? 'a & b' : undefined }));
    const replace = vi.spyOn(String.prototype, 'replace');
    const xml = formatJunit(report(findings), context('/repo'));
    const calls = replace.mock.calls.length;
    vi.restoreAllMocks();
    const failures = xml.split('\n').filter((l) => l.includes('<failure '));
    expect(failures).toHaveLength(40);
    expect(failures[0]).toBe('      <failure message="no limits on container 0" type="no-privileged">error: no limits on container 0');
    expect(xml).toContain('note: a &amp; b</failure>');
    // The note's `&` once; a failure's message, rule and lines were 8 replacements a text, and its
    // file, message and path one control-character replacement each (29 a failure).
    expect(calls).toBeLessThanOrEqual(2);
  });
});
