// Users' policies in conftest's dialect: kubelint gives conftest's messages per file. The
// expectations are written out (so they hold without conftest); where the pinned conftest is
// installed (scripts/setup-peers.sh), the same runs are compared with it file by file.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runJson } from '../helpers/cli.js';
import { policyEnv } from './helpers.js';

const CONFTEST = path.join(REPO_ROOT, '.tools', 'bin', 'conftest');
const BASIC = 'fixtures/policies/conftest';
const NS = 'fixtures/policies/conftest-ns';
const BASIC_FILES = ['deployment.yaml', 'mixed.yaml', 'pod.json'].map((f) => `${BASIC}/manifests/${f}`);

interface Case {
  name: string;
  /** Flags both tools understand the same way. */
  flags: string[];
  files: string[];
}

const CASES: Case[] = [
  { name: 'package main', flags: ['--policy', `${BASIC}/policy`], files: BASIC_FILES },
  { name: '--namespace with --data', flags: ['--policy', `${NS}/policy`, '--data', `${NS}/data`, '--namespace', 'kubernetes.security'], files: [`${NS}/manifests.yaml`] },
  { name: '--all-namespaces', flags: ['--policy', `${NS}/policy`, '--data', `${NS}/data`, '--all-namespaces'], files: [`${NS}/manifests.yaml`] },
];

type PerFile = Record<string, string[]>;
const { env } = policyEnv();

/** kubelint's conftest-dialect findings as "<level> <message>" per file, sorted. */
async function kubelintMessages(c: Case): Promise<PerFile> {
  const { report, stderr } = await runJson(['--no-config', ...c.flags, ...c.files], { env });
  expect(stderr).toBe('');
  const out: PerFile = Object.fromEntries(c.files.map((f) => [f, []]));
  for (const f of report!.findings) {
    if (!f.ruleId.includes('.')) continue; // conftest rules are <package>.<rule>
    out[f.file!]!.push(`${f.severity === 'error' ? 'FAIL' : 'WARN'} ${f.message}`);
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

function conftestMessages(c: Case): PerFile {
  let stdout: string;
  try {
    stdout = execFileSync(CONFTEST, ['test', '--no-color', '-o', 'json', ...c.flags, ...c.files], { cwd: REPO_ROOT, encoding: 'utf8' });
  } catch (error) {
    stdout = (error as { stdout: string }).stdout; // exit 1 when a rule fails
  }
  const out: PerFile = Object.fromEntries(c.files.map((f) => [f, []]));
  for (const r of JSON.parse(stdout) as Array<{ filename: string; failures?: Array<{ msg: string }>; warnings?: Array<{ msg: string }> }>) {
    out[r.filename]!.push(...(r.failures ?? []).map((x) => `FAIL ${x.msg}`), ...(r.warnings ?? []).map((x) => `WARN ${x.msg}`));
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

describe('user policies in conftest\'s dialect', () => {
  it('gives conftest\'s messages per file, exceptions and empty messages honoured', async () => {
    expect(await kubelintMessages(CASES[0]!)).toEqual({
      [`${BASIC}/manifests/deployment.yaml`]: [
        'FAIL Deployment "shop" must set runAsNonRoot; replicas=1',
        'FAIL Deployment shop: container shop uses the latest tag (registry.example.com/shop:latest)',
        'FAIL container shop has no memory limit',
        'FAIL container shop of shop declares no ports',
        'FAIL volume logs mounts host path /var/log/shop',
        'WARN Deployment shop is missing labels: ["app.kubernetes.io/part-of"]',
        'WARN Deployment shop runs 1 replica(s); %!f(int64=50)% of the recommended 2',
      ],
      // The "legacy" Deployment's deny_ports is excepted; the ConfigMap's empty warning passes.
      [`${BASIC}/manifests/mixed.yaml`]: ['FAIL Service shop has no selector: {"ports": [{"port": 80}]}'],
      [`${BASIC}/manifests/pod.json`]: ['FAIL Pod debug: container shell uses the latest tag (busybox:latest)'],
    });
  }, 60_000);

  it('places findings at the document start, or at the path or field a result names', async () => {
    const { report } = await runJson(['--no-config', '--policy', `${BASIC}/policy`, `${BASIC}/manifests/deployment.yaml`], { env });
    const at = (id: string) => report!.findings.filter((f) => f.ruleId === id).map((f) => [f.line, f.column, f.path ?? null]);
    expect(at('main.deny')).toEqual([[1, 1, null]]);
    expect(at('main.violation')).toEqual([[21, 13, 'spec.template.spec.containers[0].resources.limits']]);
    expect(at('main.violation_hostpath')).toEqual([[25, 11, 'spec.template.spec.volumes[0].hostPath']]);
    expect(report!.findings.find((f) => f.ruleId === 'main.warn')!.severity).toBe('warning');
  });

  it('evaluates the namespaces asked for', async () => {
    expect(await kubelintMessages(CASES[1]!)).toEqual({
      [`${NS}/manifests.yaml`]: ['FAIL Deployment/Web_1: image docker.io/nginx:1.27 is not from ["registry.example.com/", "mirror.example.com/"]', 'WARN container shell runs privileged'],
    });
    expect((await kubelintMessages(CASES[2]!))[`${NS}/manifests.yaml`]).toContain('FAIL Deployment name "Web_1" does not follow the naming convention');
  });

  it.skipIf(!existsSync(CONFTEST)).each(CASES)('matches the pinned conftest file by file: $name', async (c) => {
    expect(await kubelintMessages(c)).toEqual(conftestMessages(c));
  });
});
