import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSarif } from '../../src/report/sarif.js';
import { context, finding, report, RULES } from './helpers.js';

// The official SARIF 2.1.0 schema, as shipped in the npm registry by @microsoft/sarif-multitool.
const schemaFile = path.resolve('node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json');

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
}

let repo: string;
let cwd: string;
beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'kubelint-sarif-'));
  mkdirSync(path.join(repo, '.git'));
  cwd = path.join(repo, 'k8s');
  mkdirSync(cwd);
});

function sarifOf(findings = [finding()]) {
  return JSON.parse(formatSarif(report(findings), context(cwd)));
}

describe('sarif', () => {
  it('is valid SARIF 2.1.0 for every kind of finding', () => {
    const validate = validator();
    const log = sarifOf([
      finding(),
      finding({ ruleId: 'image-tag-pinned', severity: 'warning', suppressed: { kind: 'comment', reason: 'pinned by digest upstream' } }),
      finding({ ruleId: 'parse-error', resource: undefined, path: undefined, fatal: true, message: 'bad YAML', range: { line: 3, column: 1, endLine: 3, endColumn: 1 } }),
      finding({ ruleId: 'empty-input', severity: 'info', resource: undefined, path: undefined, file: undefined, range: undefined }),
      finding({ file: 'dir with space/a#b.yaml', suppressed: { kind: 'baseline', reason: 'in baseline .kubelint-baseline.json' } }),
    ]);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The schema really is strict enough to catch a wrong level.
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('describes every rule of the run in the driver', () => {
    const driver = sarifOf([]).runs[0].tool.driver;
    expect(driver.name).toBe('kubelint');
    expect(driver.version).toBe('9.8.7');
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    const rule = driver.rules[0];
    expect(rule.shortDescription.text).toBe('Containers are not privileged');
    expect(rule.fullDescription.text).toBe('Privileged containers can do anything the host can.');
    expect(rule.help.text).toContain('Remove securityContext.privileged.');
    expect(rule.helpUri).toMatch(/\/docs\/rules\/no-privileged\.md$/);
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(driver.rules[3].defaultConfiguration.level).toBe('note');
    expect(rule.name).toBe('NoPrivileged');
  });

  it('locates results relative to the repository root with a full region', () => {
    const [result] = sarifOf().runs[0].results;
    expect(result.ruleId).toBe('no-privileged');
    expect(result.ruleIndex).toBe(0);
    expect(result.level).toBe('error');
    expect(result.message.text).toContain('container "app" is privileged');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'k8s/deploy/web.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 20, startColumn: 13, endLine: 20, endColumn: 23 },
    });
    expect(sarifOf().runs[0].originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
  });

  it('percent-encodes paths and omits locations for findings without a file', () => {
    const results = sarifOf([finding({ file: 'a b/c#d.yaml' }), finding({ file: undefined, range: undefined }), finding({ file: '<stdin>' })]).runs[0].results;
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('k8s/a%20b/c%23d.yaml');
    expect(results[1].locations).toBeUndefined();
    expect(results[2].locations).toBeUndefined();
  });

  it('names a file outside the repository by its own file URL, relative to the cwd or absolute', () => {
    const outside = path.join(path.dirname(repo), 'elsewhere', 'x.yaml');
    const results = sarifOf([finding({ file: outside }), finding({ file: path.relative(cwd, outside) })]).runs[0].results;
    const uris = results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }> }) => r.locations[0]!.physicalLocation.artifactLocation);
    expect(uris).toEqual([{ uri: pathToFileURL(outside).href }, { uri: pathToFileURL(outside).href }]);
  });

  it('keeps fingerprints when lines move, changes them when the finding changes', () => {
    const print = (f = finding()) => sarifOf([f]).runs[0].results[0].partialFingerprints['kubelintFindingHash/v1'];
    const base = print();
    expect(print(finding({ range: { line: 40, column: 3, endLine: 41, endColumn: 2 }, message: 'container "app" is privileged' }))).toBe(base);
    expect(print(finding({ path: 'spec.template.spec.containers[1].securityContext.privileged' }))).not.toBe(base);
    expect(print(finding({ resource: { ...finding().resource!, name: 'api' } }))).not.toBe(base);
    expect(print(finding({ ruleId: 'image-tag-pinned' }))).not.toBe(base);
    expect(print(finding({ file: 'other.yaml' }))).not.toBe(base);
  });

  it('maps suppressions to SARIF kinds with the reason as justification', () => {
    const results = sarifOf([
      finding({ suppressed: { kind: 'annotation', reason: 'needs host access' } }),
      finding({ suppressed: { kind: 'exemption', reason: 'vendored chart' } }),
      finding(),
    ]).runs[0].results;
    expect(results[0].suppressions).toEqual([expect.objectContaining({ kind: 'inSource', justification: 'needs host access' })]);
    expect(results[1].suppressions).toEqual([expect.objectContaining({ kind: 'external', justification: 'vendored chart' })]);
    expect(results[2].suppressions).toBeUndefined();
  });

  it('omits a rule name that would only repeat the id (SARIF1001)', () => {
    const log = JSON.parse(formatSarif(report([]), context(cwd, { rules: new Map([['schema', { id: 'schema', title: 'Schema', description: 'd', severity: 'error', origin: 'schema' }]]) })));
    expect(log.runs[0].tool.driver.rules[0].name).toBeUndefined();
  });

  it('adds a descriptor for a rule the context does not know, so ruleIndex stays valid', () => {
    const log = sarifOf([finding({ ruleId: 'mystery-rule' })]);
    const [result] = log.runs[0].results;
    expect(log.runs[0].tool.driver.rules[result.ruleIndex].id).toBe('mystery-rule');
  });
});
