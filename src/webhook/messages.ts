// The text users see in kubectl: one line per violation (rule id, field path, message), kept
// within the API server's limits for warnings and a readable size for denial messages.

/** One violation as shown at admission. */
export interface ShownViolation {
  ruleId: string;
  path?: string;
  message: string;
}

/**
 * The API server's warning limits (k8s.io/apiserver endpoints/filters/warning.go): all warnings
 * of a response together up to 4,096 runes; past that it cuts every warning to 256 runes and drops
 * the rest. Staying inside both, kubelint decides what is shown instead of the API server.
 */
export const MAX_WARNING_LENGTH = 256;
export const MAX_WARNINGS_TOTAL = 4096;
/** Denial messages list at most this many violations, then say how many more there are. */
export const MAX_DENIAL_LINES = 20;

// Warnings travel in HTTP headers (Warning: 299 ...): control characters are not allowed there.
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

export function describeViolation(v: ShownViolation): string {
  return printable(v.path ? `[${v.ruleId}] ${v.path}: ${v.message}` : `[${v.ruleId}] ${v.message}`);
}

/** A violation as one warning: the field path is dropped before the message is cut. */
function warningText(v: ShownViolation): string {
  const full = describeViolation(v);
  return runeLength(full) <= MAX_WARNING_LENGTH ? full : describeViolation({ ...v, path: undefined });
}

/** Length as the API server counts it: Unicode code points (Go runes), not UTF-16 units. */
export function runeLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function truncate(text: string, max: number): string {
  if (runeLength(text) <= max) return text;
  return `${Array.from(text).slice(0, max - 1).join('')}…`;
}

function moreNote(count: number): string {
  return `kubelint: ${count} more ${count === 1 ? 'warning' : 'warnings'} not shown (the webhook log lists every finding)`;
}

/**
 * Warnings for the AdmissionResponse: each complete up to 256 runes, all together within 4,096,
 * in order (notes first, then findings); whatever does not fit is counted in one last line.
 */
export function formatWarnings(violations: readonly ShownViolation[], extra: readonly string[] = []): string[] {
  const lines = [...new Set([...extra.map(printable), ...violations.map(warningText)].map((l) => truncate(l, MAX_WARNING_LENGTH)))];
  const out: string[] = [];
  let total = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const remaining = lines.length - i - 1;
    // Keep room for the note if anything after this line may still be cut.
    const reserve = remaining > 0 ? runeLength(moreNote(lines.length)) : 0;
    if (total + runeLength(line) + reserve > MAX_WARNINGS_TOTAL) {
      out.push(moreNote(lines.length - i));
      return out;
    }
    out.push(line);
    total += runeLength(line);
  }
  return out;
}

/**
 * What a finding on a Secret says instead of its message (which may quote a value). Rule titles
 * name the rule's goal ("Resource matches its Kubernetes schema"), so the title alone would read
 * as if the object met it: the text says the rule was not met.
 */
export function redactedMessage(title: string | undefined): string {
  return title ? `fails the rule "${title}" (details are not shown for Secrets)` : 'policy violation (details are not shown for Secrets)';
}

/**
 * The answer to an object over a review limit: what it is and which limit, never its contents.
 * It names the config key (`webhook.limits.<key>`), which the cluster's operator can raise.
 */
export function formatNotEvaluated(subject: string, exceeded: string, key: string): string {
  return `kubelint: ${subject} is not evaluated: ${exceeded} (a webhook review limit: webhook.limits.${key} in the webhook config)`;
}

/** The status message of a denial: a header naming the object, then one violation per line. */
export function formatDenial(subject: string, violations: readonly ShownViolation[]): string {
  const shown = violations.slice(0, MAX_DENIAL_LINES).map((v) => `- ${describeViolation(v)}`);
  const more = violations.length - shown.length;
  if (more > 0) shown.push(`- and ${more} more`);
  const count = violations.length === 1 ? '1 policy violation' : `${violations.length} policy violations`;
  return `kubelint: ${subject} has ${count}:\n${shown.join('\n')}`;
}
