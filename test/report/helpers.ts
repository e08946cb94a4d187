// Shared test data: a small report with every kind of finding a formatter must handle.
import type { RuleInfo } from '../../src/engine/check.js';
import { placeOf } from '../../src/cli/format-context.js';
import type { FindingPlace, FormatContext } from '../../src/report/context.js';
import { ruleDocUri } from '../../src/docs/links.js';
import { findRepoRoot } from '../../src/shared/repo-path.js';
import type { Finding, Report } from '../../src/types.js';
import { countFindings } from '../../src/engine/engine.js';

export const RULES: RuleInfo[] = [
  { id: 'no-privileged', title: 'Containers are not privileged', description: 'Privileged containers can do anything the host can.', severity: 'error', origin: 'rego', kinds: ['Deployment'], remediation: 'Remove securityContext.privileged.' },
  { id: 'image-tag-pinned', title: 'Images are pinned', description: 'Images must be pinned.', severity: 'warning', origin: 'rego' },
  { id: 'parse-error', title: 'Input cannot be parsed', description: 'Broken input.', severity: 'error', origin: 'builtin' },
  { id: 'empty-input', title: 'Input has no documents', description: 'Empty file.', severity: 'info', origin: 'builtin' },
];

/** Places any finding on first use, as the CLI's format context does for a report's findings. */
class Places extends Map<Finding, FindingPlace> {
  constructor(private readonly repoRoot: string, private readonly cwd: string) {
    super();
  }

  override get(finding: Finding): FindingPlace {
    if (!super.has(finding)) super.set(finding, placeOf(finding, this.repoRoot, this.cwd));
    return super.get(finding)!;
  }
}

export function context(cwd: string, over: Partial<FormatContext> = {}): FormatContext {
  const repoRoot = findRepoRoot(cwd);
  return {
    color: false,
    rules: new Map(RULES.map((r) => [r.id, r])),
    cwd,
    repoRoot,
    places: new Places(repoRoot, cwd),
    sources: new Map(),
    ruleDoc: (id) => ruleDocUri(id), // the installed page, as the CLI links it without a docsUrl
    version: '9.8.7',
    ...over,
  };
}

export const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' };

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'no-privileged',
    severity: 'error',
    message: 'container "app" is privileged',
    resource: deployment,
    path: 'spec.template.spec.containers[0].securityContext.privileged',
    file: 'deploy/web.yaml',
    range: { line: 20, column: 13, endLine: 20, endColumn: 23 },
    ...over,
  };
}

export function report(findings: Finding[], extra: Partial<Report> = {}): Report {
  return { findings, counts: countFindings(findings), resources: 2, sources: ['deploy/web.yaml'], ...extra };
}
