// label-syntax and probe-port check names with string builtins instead of regex.match (the wasm
// build compiles a pattern afresh on every evaluation). policies/lib/names_test.rego holds them
// to the patterns under `opa test`; this holds the compiled policy, which has its own string
// builtins, to the same patterns written as JavaScript regular expressions.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import { formatPath } from '../../src/engine/path.js';
import type { Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from './policy-build.js';

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

// Every character class edge: ends, doubled separators, case, space, control and non-ASCII characters.
const PIECES = ['', 'a', 'Z', '0', '-', '_', '.', 'é', ' ', '\n', 'a-b', 'a.b', 'A_b'];
// Each printable ASCII character alone and inside a name: the character sets must miss none.
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).flatMap((c) => [c, `a${c}a`]);
const SAMPLES = [...new Set(PIECES.flatMap((x) => PIECES.map((y) => `${x}${y}`)).concat(PRINTABLE, ['app.kubernetes.io', 'x.y-z.example.com', 'a..b', 'a-.b', 'a.-b', 'h2c', '8080', 'http']))];

/** label_key_problem with the patterns (policies/lib/metadata.rego before string builtins). */
function keyInvalid(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return true;
  if (parts.length === 2 && (parts[0] === '' || parts[0]!.length > 253 || !DNS_SUBDOMAIN.test(parts[0]!))) return true;
  const name = parts.at(-1)!;
  return [...name].length > 63 || !LABEL_NAME.test(name);
}

function valueInvalid(value: string): boolean {
  return [...value].length > 63 || (value !== '' && !LABEL_NAME.test(value));
}

/** IsValidPortName's pattern checks (policies/lib/names.rego before string builtins). */
function portNameInvalid(name: string): boolean {
  return [...name].length > 15 || !/^[-a-z0-9]+$/.test(name) || name.includes('--') || !/[a-z]/.test(name) || /^-|-$/.test(name);
}

function resource(object: Record<string, any>): Resource {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: 'default', object, basePath: [] };
}

describe('name syntax in the compiled policy', () => {
  it('label-syntax judges label keys and values as the patterns do', async () => {
    ensurePoliciesBuilt();
    const linter = await getLinter();
    const config = defaultConfig(process.cwd());
    const keys = SAMPLES.flatMap((s) => [s, `${s}/name`, `example.com/${s}`]).filter((k) => k !== '');
    const labels = Object.fromEntries(keys.map((k) => [k, 'v']));
    const values = Object.fromEntries(SAMPLES.map((s, i) => [`k${i}`, s]));
    const batch = [labels, values].map((l, i) => resource({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'default', labels: l } }));
    const findings = linter.lint(batch, { config, ruleFilter: (r) => r.id === 'label-syntax' });
    const reported = (name: string) => new Set(findings.filter((f) => f.resource?.name === name).map((f) => f.path));
    const path = (k: string) => formatPath(['metadata', 'labels', k]);
    const byKey = reported('c0');
    expect(keys.filter((k) => byKey.has(path(k)) !== keyInvalid(k))).toEqual([]);
    expect(keys.filter(keyInvalid).length).toBeGreaterThan(50);
    const byValue = reported('c1');
    expect(SAMPLES.filter((s, i) => byValue.has(path(`k${i}`)) !== valueInvalid(s))).toEqual([]);
  });

  it('probe-port judges port names as the patterns do', async () => {
    ensurePoliciesBuilt();
    const linter = await getLinter();
    const config = defaultConfig(process.cwd());
    const names = SAMPLES.filter((s) => s !== '');
    const containers = names.map((name, i) => ({ name: `c${i}`, image: 'registry.example.com/app:1', ports: [{ name, containerPort: 8080 }], livenessProbe: { tcpSocket: { port: name } } }));
    const pod = resource({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers } });
    const findings = linter.lint([pod], { config, ruleFilter: (r) => r.id === 'probe-port' });
    const flagged = new Set(findings.map((f) => f.path));
    // A declared name is only reported when it is not a valid port name.
    expect(names.filter((name, i) => flagged.has(`spec.containers[${i}].livenessProbe.tcpSocket.port`) !== portNameInvalid(name))).toEqual([]);
    expect(names.filter(portNameInvalid).length).toBeGreaterThan(50);
  });
});
