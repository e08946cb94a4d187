// The SARIF log makes what its results repeat once per value, not once per result: a file's
// artifact location (its path URI-encoded once) and a resource's subject in the message
// (engine/shared-parts.ts shares one reference among a resource's findings). The log is unchanged.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatSarif } from '../../src/report/sarif.js';
import type { Finding } from '../../src/types.js';
import { context, finding, report } from './helpers.js';

let cwd: string;
beforeAll(() => {
  const repo = mkdtempSync(path.join(tmpdir(), 'kubelint-sarif-costs-'));
  mkdirSync(path.join(repo, '.git'));
  cwd = path.join(repo, 'k8s');
  mkdirSync(cwd);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A resource reference whose namespace is counted each time it is read. */
function countedResource(kind: string, name: string) {
  let reads = 0;
  const resource = { apiVersion: 'apps/v1', kind, name } as NonNullable<Finding['resource']>;
  Object.defineProperty(resource, 'namespace', { enumerable: true, get: () => (reads++, 'shop') });
  return { resource, reads: () => reads };
}

describe('sarif costs', () => {
  it("encodes a file's path once for all the results in it, each result keeping its own URI", () => {
    const encode = vi.spyOn(globalThis, 'encodeURIComponent');
    const files = ['deploy/web app.yaml', 'deploy/db.yaml', 'deploy/web app.yaml'];
    const findings = Array.from({ length: 30 }, (_, i) => finding({ file: files[i % 3], message: `problem ${i}` }));
    const outside = path.join(path.dirname(path.dirname(cwd)), 'elsewhere', 'x.yaml');
    findings.push(finding({ file: outside }), finding({ file: outside, range: undefined }));
    const log = JSON.parse(formatSarif(report(findings), context(cwd)));
    const uris = log.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris.slice(0, 3)).toEqual(['k8s/deploy/web%20app.yaml', 'k8s/deploy/db.yaml', 'k8s/deploy/web%20app.yaml']);
    expect(new Set(uris.slice(0, 30)).size).toBe(2);
    expect(uris.slice(30)).toEqual([pathToFileURL(outside).href, pathToFileURL(outside).href]);
    expect(log.runs[0].results[31].locations[0].physicalLocation.region).toBeUndefined();
    // Two files in the repository, three segments each: six calls in all, not six per result.
    expect(encode.mock.calls.length).toBe(6);
  });

  it("describes a resource shared by many results once, with the same message for each", () => {
    const { resource, reads } = countedResource('Deployment', 'web');
    const other = countedResource('StatefulSet', 'db');
    const findings = Array.from({ length: 40 }, (_, i) => finding({ resource: i % 2 ? other.resource : resource, path: i % 4 === 0 ? undefined : 'spec.replicas', message: 'm' }));
    const before = reads();
    const results = JSON.parse(formatSarif(report(findings), context(cwd))).runs[0].results;
    expect(results[0].message.text).toBe('m (Deployment shop/web)');
    expect(results[1].message.text).toBe('m (StatefulSet shop/db spec.replicas)');
    expect(results[2].message.text).toBe('m (Deployment shop/web spec.replicas)');
    expect(results[2].properties).toEqual({ resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }, path: 'spec.replicas' });
    // Per result: the properties' reference written out; the subject (which reads it twice) and the
    // fingerprint's identity once in all. Made per result, it was 4 reads each, then 2 (the identity).
    expect(reads() - before).toBe(2 + 1 + 20);
  });

  it('fingerprints results by the recipe baselines use, one resource identity per reference', () => {
    const findings = [
      finding({ resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }, path: 'spec.replicas', file: 'deploy/web.yaml' }),
      finding({ resource: undefined, path: undefined, message: 'bad indentation at 3:7', file: 'deploy/broken.yaml' }),
    ];
    const results = JSON.parse(formatSarif(report(findings), context(cwd))).runs[0].results;
    const recipe = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
    expect(results[0].partialFingerprints['kubelintFindingHash/v1']).toBe(recipe('1', 'no-privileged', 'apps/Deployment/shop/web', 'spec.replicas', 'k8s/deploy/web.yaml'));
    expect(results[1].partialFingerprints['kubelintFindingHash/v1']).toBe(recipe('1', 'no-privileged', '', '', 'k8s/deploy/broken.yaml', 'bad indentation at '));
    // Pinned: a print that changed would break every stored baseline.
    expect(results[0].partialFingerprints['kubelintFindingHash/v1']).toBe('cde5dcccd24aa4b9141a6f530e1b9616');
  });
});
