import { describe, expect, it } from 'vitest';
import { escapeXml, formatJunit } from '../../src/report/junit.js';
import { context, deployment, finding, report } from './helpers.js';

const ctx = context('/repo');

/** Attributes of every element with the given tag, in order (the output is generated, one element per line). */
function elements(xml: string, tag: string): Array<Record<string, string>> {
  return [...xml.matchAll(new RegExp(`<${tag}((?:\\s+[\\w-]+="[^"]*")*)\\s*/?>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

describe('junit', () => {
  it('writes a suite per file, a case per resource and a failure per finding, passing resources included', () => {
    const xml = formatJunit(
      report(
        [
          finding(),
          finding({ ruleId: 'image-tag-pinned', severity: 'warning', message: 'image uses latest' }),
          finding({ file: 'deploy/db.yaml', resource: { ...deployment, name: 'db' } }),
          finding({ file: 'deploy/db.yaml', resource: { ...deployment, name: 'db' }, suppressed: { kind: 'comment', reason: 'ok' }, ruleId: 'image-tag-pinned' }),
        ],
        {
          sources: ['deploy/web.yaml', 'deploy/db.yaml', 'deploy/clean.yaml'],
          inventory: [
            { resource: deployment, file: 'deploy/web.yaml' },
            { resource: { apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'shop' }, file: 'deploy/web.yaml' },
            { resource: { ...deployment, name: 'db' }, file: 'deploy/db.yaml' },
            { resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg' }, file: 'deploy/clean.yaml' },
          ],
        },
      ),
      ctx,
    );
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(elements(xml, 'testsuites')[0]).toMatchObject({ tests: '4', failures: '2' });
    expect(elements(xml, 'testsuite').map((s) => [s.name, s.tests, s.failures])).toEqual([
      ['deploy/web.yaml', '2', '1'],
      ['deploy/db.yaml', '1', '1'],
      ['deploy/clean.yaml', '1', '0'],
    ]);
    expect(elements(xml, 'testcase').map((c) => c.name)).toEqual(['Deployment shop/web', 'Service shop/web', 'Deployment shop/db', 'ConfigMap cfg']);
    // Two findings on web, one on db; the suppressed one is not a failure.
    expect(elements(xml, 'failure').map((f) => f.type)).toEqual(['no-privileged', 'image-tag-pinned', 'no-privileged']);
    expect(xml).toMatch(/<testcase name="Service shop\/web"[^>]*\/>/);
    expect(xml).toContain('at: deploy/web.yaml:20:13');
  });

  it('without an inventory, still lists clean files as passing cases', () => {
    const xml = formatJunit(report([finding()], { sources: ['deploy/web.yaml', 'ok.yaml'] }), ctx);
    expect(elements(xml, 'testcase').map((c) => [c.classname, c.name])).toEqual([
      ['deploy/web.yaml', 'Deployment shop/web'],
      ['ok.yaml', '(all resources)'],
    ]);
  });

  it('escapes markup, quotes and control characters', () => {
    expect(escapeXml(`a<b>&"c"'d'\u0001\n`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;&#10;');
    const xml = formatJunit(report([finding({ message: 'value "<none>" & more', resource: { ...deployment, name: 'we<b>' } })]), ctx);
    expect(xml).toContain('message="value &quot;&lt;none&gt;&quot; &amp; more"');
    expect(xml).toContain('name="Deployment shop/we&lt;b&gt;"');
    expect(xml).not.toMatch(/"<none>"/);
  });

  it('puts findings without a resource or file in their own case', () => {
    const xml = formatJunit(report([finding({ ruleId: 'parse-error', resource: undefined, file: undefined, range: undefined })], { sources: [] }), ctx);
    expect(elements(xml, 'testsuite')[0]).toMatchObject({ name: '(no file)', failures: '1' });
    expect(elements(xml, 'testcase')[0]!.name).toBe('(file)');
  });
});
