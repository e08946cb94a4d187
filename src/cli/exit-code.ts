// Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage, config or input error.
import type { ResolvedConfig } from '../config/types.js';
import type { Report } from '../types.js';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export function exitCodeFor(report: Report, config: Pick<ResolvedConfig, 'failOn' | 'maxWarnings'>): number {
  const { error, warning, info, fatal } = report.counts;
  if (fatal > 0) return EXIT_ERROR;
  const failing = config.failOn === 'error' ? error : config.failOn === 'warning' ? error + warning : error + warning + info;
  if (failing > 0) return EXIT_FINDINGS;
  if (config.maxWarnings >= 0 && warning > config.maxWarnings) return EXIT_FINDINGS;
  return EXIT_CLEAN;
}
