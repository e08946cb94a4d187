// kubelint's pss-* rules against the PodSecurity admission's own verdicts on kubelint's Pod Security
// fixtures, for both levels and every policy version 1.30-1.36: the set of controls reported must
// be the set of checks that refuse the pod. The verdicts come from the admission's Go code
// (scripts/pss-oracle, recorded by `node scripts/pss-oracle-diff.mjs --record`), so CI needs no Go.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
import { lint } from '../../src/index.js';

interface Recorded {
  sha256: string;
  verdicts: Record<'baseline' | 'restricted', Record<string, string[]>>;
}

const { files } = JSON.parse(readFileSync(packagePath('fixtures', 'pod-security', 'admission-verdicts.json'), 'utf8')) as { files: Record<string, Recorded> };
const names = Object.keys(files);

describe('pss-* rules agree with the PodSecurity admission', () => {
  it('on fixtures the recording still describes', () => {
    expect(names.length).toBeGreaterThan(70);
    for (const name of names) {
      const sha = createHash('sha256').update(readFileSync(packagePath(name))).digest('hex');
      expect(sha, `${name} changed since the verdicts were recorded: run node scripts/pss-oracle-diff.mjs --record`).toBe(files[name]!.sha256);
    }
  });

  it.each(['baseline', 'restricted'] as const)('at %s, v1.30 to v1.36', async (level) => {
    const differences: string[] = [];
    for (let minor = 30; minor <= 36; minor++) {
      const version = `1.${minor}`;
      const report = await lint(names.map((n) => packagePath(n)), { configFile: false, cwd: packagePath(), overrides: { presets: [`pss-${level}`], kubernetesVersion: version } });
      for (const name of names) {
        const got = [...new Set(report.findings.filter((f) => f.file === name && f.podSecurity).map((f) => f.podSecurity!.control))].sort();
        const want = files[name]!.verdicts[level][version]!;
        if (JSON.stringify(got) !== JSON.stringify(want)) differences.push(`${name} v${version}: admission [${want}] kubelint [${got}]`);
      }
    }
    expect(differences).toEqual([]);
  });
});
