// The name validators against the API server's own rules and messages (k8s.io/apimachinery
// util/validation), and the object checks that need no fixture file (sizes, custom kinds).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkObject } from '../../src/engine/api-validation/check.js';
import { TOTAL_ANNOTATION_SIZE_LIMIT } from '../../src/engine/api-validation/metadata.js';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPortName,
  VALID,
} from '../../src/engine/api-validation/names.js';
import { normaliseWorkloadKinds } from '../../src/workloads/kinds.js';

describe('name validators', () => {
  it('IsValidPortName', () => {
    for (const ok of ['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3']) expect(isValidPortName(ok), ok).toEqual([]);
    for (const bad of ['longerthan15characters', '', 'a'.repeat(16), '12345', '1-2-3-4', '-begin', 'end-', 'two--hyphens', 'whois++']) expect(isValidPortName(bad), bad).not.toEqual([]);
    expect(isValidPortName('8080')).toEqual(['must contain at least one letter (a-z)']);
    expect(isValidPortName('metrics-exporter')).toEqual(['must be no more than 15 bytes']);
  });

  it('IsDNS1123Label: dots get their own message', () => {
    expect(isDNS1123Label('my-name')).toEqual([]);
    expect(isDNS1123Label('123-abc')).toEqual([]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('A')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 bytes']);
  });

  it('IsDNS1123Subdomain and IsDNS1035Label', () => {
    expect(isDNS1123Subdomain('example.com')).toEqual([]);
    expect(isDNS1123Subdomain('a'.repeat(253))).toEqual([]);
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 bytes']);
    expect(isDNS1123Subdomain('Example.com')[0]).toMatch(/^a lowercase RFC 1123 subdomain must consist of .* \(e\.g\. 'example\.com', regex used for validation is '/);
    expect(isDNS1035Label('abc-123')).toEqual([]);
    expect(isDNS1035Label('2fa')[0]).toMatch(/^a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/);
  });

  it('IsQualifiedName (label and annotation keys)', () => {
    for (const ok of ['simple', '1234', 'now.with.dots/simple', 'k8s.io/Name_with.dots-1', `${'a'.repeat(253)}/${'b'.repeat(63)}`]) expect(isQualifiedName(ok), ok).toEqual([]);
    expect(isQualifiedName('/simple')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/')).toEqual([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a valid label key must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
    expect(isQualifiedName('Example.com/x')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(isQualifiedName('x'.repeat(64))[0]).toBe('name part must be no more than 63 bytes');
  });

  it('IsValidLabelValue counts bytes, as Go does', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('a'.repeat(63))).toEqual([]);
    expect(isValidLabelValue('é')).toHaveLength(1); // not alphanumeric ASCII
    expect(isValidLabelValue('a b')[0]).toMatch(/^a valid label must be an empty string or consist of/);
    expect(isValidLabelValue('a'.repeat(64))).toEqual(['must be no more than 63 bytes']);
  });

  it('a valid value gets the one shared empty list, an invalid one a list of its own', () => {
    const validators = [isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPathSegmentName, isValidPortName];
    for (const validate of validators) expect(validate('web'), validate.name).toBe(VALID);
    expect(isQualifiedName('example.com/web')).toBe(VALID);
    expect(Object.isFrozen(VALID)).toBe(true);
    // Lengths near the limits, in bytes: 21 two-byte characters are 42 bytes, 32 are 64.
    expect(isDNS1123Label('é'.repeat(21))).toHaveLength(1);
    expect(isDNS1123Label('é'.repeat(32))).toEqual(['must be no more than 63 bytes', expect.stringMatching(/^a lowercase RFC 1123 label/)]);
    expect(isValidPortName('\u{1F600}'.repeat(4))).toEqual(['must be no more than 15 bytes', expect.any(String), expect.any(String)]);
    const invalid = isDNS1123Label('A');
    expect(invalid).not.toBe(isDNS1123Label('A'));
  });

  it('path segment names (RBAC)', () => {
    expect(isValidPathSegmentName('system:aggregate-to-view')).toEqual([]);
    expect(isValidPathSegmentName('..')).toEqual(["may not be '..'"]);
    expect(isValidPathSegmentName('a/b%')).toEqual(["may not contain '/'", "may not contain '%'"]);
  });
});

describe('object checks', () => {
  afterEach(() => vi.restoreAllMocks());
  const configMap = (annotations: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations } });

  it('annotations: 256 KiB of keys and values in total, counted in bytes', () => {
    const atLimit = { k: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT - 1) };
    expect(checkObject(configMap(atLimit), [])).toEqual([]);
    // Two-byte characters: under the limit in characters, over it in bytes.
    const over = { k: 'é'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT / 2) };
    expect(checkObject(configMap(over), [])).toEqual([
      {
        path: ['metadata', 'annotations'],
        message: `metadata.annotations total ${TOTAL_ANNOTATION_SIZE_LIMIT + 1} bytes (keys and values) is refused by the API server: Too long: may not be more than 262144 bytes`,
      },
    ]);
  });

  it('counts annotation bytes only when the characters could pass the limit (3 bytes at most each)', () => {
    const byteLength = vi.spyOn(Buffer, 'byteLength');
    const small = { 'example.com/owner': 'team@example.com', note: 'é'.repeat(1000) };
    expect(checkObject(configMap(small), [])).toEqual([]);
    expect(byteLength).not.toHaveBeenCalled();
    // One character more than a third of the limit: counted, and under it.
    const counted = { k: 'é'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT / 3) };
    expect(checkObject(configMap(counted), [])).toEqual([]);
    expect(byteLength).toHaveBeenCalled();
  });

  it('a Job name becomes a label value: at most 63 bytes unless the selector is manual', () => {
    const job = (name: string, manualSelector?: boolean) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { manualSelector, template: { spec: { containers: [] } } } });
    expect(checkObject(job('j'.repeat(63)), [])).toEqual([]);
    expect(checkObject(job('j'.repeat(64)), []).map((p) => p.path)).toEqual([['metadata', 'name']]);
    expect(checkObject(job('j'.repeat(64), true), [])).toEqual([]);
  });

  it('labels of objects and templates are label-syntax\'s; selector labels are checked here', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', labels: { 'bad key': 'x' } },
      spec: { selector: { matchLabels: { app: 'a b' } }, template: { metadata: { labels: { '-x': 'y' } }, spec: { containers: [] } } },
    };
    expect(checkObject(deployment, []).map((p) => p.path)).toEqual([['spec', 'selector', 'matchLabels', 'app']]);
  });

  it('custom workload kinds get the pod checks', () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'r' },
      spec: { template: { metadata: { annotations: { 'bad key': 'x' } }, spec: { containers: [{ name: 'a' }, { name: 'a' }] } } },
    };
    expect(checkObject(rollout, [])).toEqual([]);
    const kinds = normaliseWorkloadKinds([{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', podSpecPath: 'spec.template.spec' }]);
    expect(checkObject(rollout, kinds).map((p) => p.path)).toEqual([
      ['spec', 'template', 'spec', 'containers', 1, 'name'],
      ['spec', 'template', 'metadata', 'annotations', 'bad key'],
    ]);
  });
});
