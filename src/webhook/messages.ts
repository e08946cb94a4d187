// The text users see in kubectl: one line per violation (rule id, field path, message), kept
// within the API server's limits for warnings and a readable size for denial messages.

/** One violation as shown at admission. */
export interface ShownViolation {
  ruleId: string;
  path?: string;
  message: string;
}

export const MAX_WARNING_LENGTH = 120;
export const MAX_WARNINGS_TOTAL = 4096;
/** Denial messages list at most this many violations, then say how many more there are. */
export const MAX_DENIAL_LINES = 20;

// Warnings travel in HTTP headers (Warning: 299 ...): control characters are not allowed there.
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

export function describeViolation(v: ShownViolation): string {
  return printable(v.path ? `[${v.ruleId}] ${v.path}: ${v.message}` : `[${v.ruleId}] ${v.message}`);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** Warnings for the AdmissionResponse: each ≤ 120 characters, all together ≤ 4096. */
export function formatWarnings(violations: readonly ShownViolation[], extra: readonly string[] = []): string[] {
  const lines = [...extra.map(printable), ...violations.map(describeViolation)].map((l) => truncate(l, MAX_WARNING_LENGTH));
  const out: string[] = [];
  let total = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const remaining = lines.length - i - 1;
    // Always keep room for the "N more" note if something may still be cut.
    const reserve = remaining > 0 ? 40 : 0;
    if (total + line.length + reserve > MAX_WARNINGS_TOTAL) {
      out.push(`kubelint: ${lines.length - i} more warnings not shown`);
      return out;
    }
    out.push(line);
    total += line.length;
  }
  return out;
}

/** The status message of a denial: a header naming the object, then one violation per line. */
export function formatDenial(subject: string, violations: readonly ShownViolation[]): string {
  const shown = violations.slice(0, MAX_DENIAL_LINES).map((v) => `- ${describeViolation(v)}`);
  const more = violations.length - shown.length;
  if (more > 0) shown.push(`- and ${more} more`);
  const count = violations.length === 1 ? '1 policy violation' : `${violations.length} policy violations`;
  return `kubelint: ${subject} has ${count}:\n${shown.join('\n')}`;
}
