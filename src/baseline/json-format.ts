// The json format plus the baseline comparison: the stable json report (src/report/json.ts)
// gains a top-level "baseline" key when the run used --baseline; otherwise it is unchanged.
import { formatJson } from '../report/json.js';
import type { FormatContext } from '../report/context.js';
import type { Report } from '../types.js';

export function formatJsonWithBaseline(report: Report, ctx: FormatContext): string {
  const text = formatJson(report, ctx);
  if (!report.baseline) return text;
  const body = JSON.parse(text) as Record<string, unknown>;
  body.baseline = { file: report.baseline.file, matched: report.baseline.matched, absent: report.baseline.absent };
  return JSON.stringify(body, null, 2) + '\n';
}
