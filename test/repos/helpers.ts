// Shared by the real-repository tests: the fixtures folder and short views of findings.
import path from 'node:path';
import type { Finding, Report } from '../../src/types.js';
import { REPO_ROOT } from '../helpers/cli.js';

export const FIXTURES = path.join(REPO_ROOT, 'fixtures/repos');
export const T = 60_000;
export const at = (f: Finding) => `${f.file}:${f.range?.line}:${f.range?.column}`;
export const of = (report: Report, rule: string) => report.findings.filter((f) => f.ruleId === rule);
