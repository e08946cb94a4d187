// The stylish report (the default format) escapes what a report's findings repeat once, not once per
// finding: a resource's description (one reference per resource, engine/shared-parts.ts) and a
// display path; and a code frame's line once when it holds nothing to escape. The text is unchanged.
import { describe, expect, it, vi } from 'vitest';
import { formatStylish } from '../../src/report/stylish.js';
import type { Finding } from '../../src/types.js';
import { context, finding, report } from './helpers.js';

/** A resource reference whose kind is counted each time it is read (describing it reads it once). */
function countedResource() {
  let reads = 0;
  const resource = { apiVersion: 'batch/v1', name: 'nightly', namespace: 'ops' } as NonNullable<Finding['resource']>;
  Object.defineProperty(resource, 'kind', { enumerable: true, get: () => (reads++, 'CronJob') });
  return { resource, reads: () => reads };
}

describe('stylish report costs', () => {
  it("describes a resource shared by many findings once, with the same lines for each", () => {
    const { resource, reads } = countedResource();
    const findings = Array.from({ length: 40 }, (_, i) => finding({ resource, message: `problem ${i}`, range: { line: i + 1, column: 1, endLine: i + 1, endColumn: 2 } }));
    const text = formatStylish(report(findings), context(process.cwd()));
    expect(text.split('\n').filter((l) => l === '    CronJob ops/nightly spec.template.spec.containers[0].securityContext.privileged')).toHaveLength(40);
    expect(reads()).toBe(1);
  });

  it('shows control characters escaped in the code frame, with the caret under the escaped text', () => {
    const source = ['kind: Deployment', 'metadata:', '  name: "a\u001bb"\tend'].join('\n');
    const f = finding({ file: 'x.yaml', range: { line: 3, column: 3, endLine: 3, endColumn: 17 }, resource: { apiVersion: 'v1', kind: 'Pod', name: 'a\u001bb' } });
    const text = formatStylish(report([f]), context(process.cwd(), { sources: new Map([['x.yaml', source]]) }));
    const lines = text.split('\n');
    const at = lines.indexOf('    3 |   name: "a\\x1bb" end');
    expect(at).toBeGreaterThan(0);
    // The escaped ESC is four columns wide: the caret spans the escaped key and value (17 columns) plus 3.
    expect(lines[at + 1]).toBe(`      |   ${'^'.repeat(17)}`);
    expect(lines).toContain('    Pod a\\x1bb spec.template.spec.containers[0].securityContext.privileged');
  });

  it('makes the code frame once for findings in a row at one range, and shows it under each', () => {
    // A missing field is located at its parent's key: legacy 1,000 has 5,510 findings at 1,979 ranges.
    const source = ['kind: Deployment', 'spec:', '  template:', '    spec:', '      containers:', '      - name: app'].join('\n');
    const at = (line: number, column: number, endColumn: number) => ({ line, column, endLine: line, endColumn });
    const findings = [
      finding({ file: 'x.yaml', message: 'no limits', range: at(6, 9, 18) }),
      finding({ file: 'x.yaml', message: 'no probe', range: at(6, 9, 18) }),
      finding({ file: 'x.yaml', message: 'no context', range: at(6, 9, 18) }),
      finding({ file: 'x.yaml', message: 'wider', range: at(6, 7, 18) }),
      finding({ file: 'y.yaml', message: 'other file', range: at(6, 7, 18) }),
    ];
    const sources = new Map([['x.yaml', source], ['y.yaml', source.replace('app', 'api')]]);
    const repeat = vi.spyOn(String.prototype, 'repeat');
    const text = formatStylish(report(findings), context(process.cwd(), { sources }));
    // Three per frame made (gutter, caret offset, caret): three frames, not five.
    expect(repeat.mock.calls.length).toBe(3 * 3);
    repeat.mockRestore();
    const lines = text.split('\n');
    const frame = (name: string, caret: string) => ['    6 |       - name: ' + name, '      | ' + caret];
    for (const message of ['no limits', 'no probe', 'no context']) {
      const i = lines.findIndex((l) => l.includes(message));
      expect(lines.slice(i + 2, i + 4)).toEqual(frame('app', `${' '.repeat(8)}${'^'.repeat(9)}`));
    }
    const wider = lines.findIndex((l) => l.includes('wider'));
    expect(lines.slice(wider + 2, wider + 4)).toEqual(frame('app', `${' '.repeat(6)}${'^'.repeat(11)}`));
    const other = lines.findIndex((l) => l.includes('other file'));
    expect(lines.slice(other + 2, other + 4)).toEqual(frame('api', `${' '.repeat(6)}${'^'.repeat(11)}`));
  });
});

