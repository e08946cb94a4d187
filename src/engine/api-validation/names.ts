// Name syntax exactly as the API server checks it: k8s.io/apimachinery/pkg/util/validation and
// pkg/api/validate/content (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsValidPortName,
// IsQualifiedName, IsValidLabelValue). Each returns the API server's own messages, empty when
// valid. Lengths are bytes, as Go's len() counts them. The patterns are RE2-compatible and read
// the same in JavaScript (no flags: `$` matches only at the end).

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const LABEL_KEY = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE = `(${LABEL_KEY})?`;
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const anchored = (pattern: string) => new RegExp(`^${pattern}$`);
/** Every IANA_SVC_NAME check below passing at once (length apart): alphanumeric runs joined by single hyphens, a letter among them. */
const portNameRe = /^(?=[-0-9]*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;
const dns1123LabelRe = anchored(DNS1123_LABEL);
const dns1123SubdomainRe = anchored(DNS1123_SUBDOMAIN);
const dns1035LabelRe = anchored(DNS1035_LABEL);
const labelKeyRe = anchored(LABEL_KEY);
const labelValueRe = anchored(LABEL_VALUE);

export const bytes = (value: string): number => Buffer.byteLength(value, 'utf8');

/**
 * What every validator here returns for a valid value: one shared, frozen empty list. Nearly every
 * name is valid, and callers test `.length` before building a path or message (nothing allocated).
 */
export const VALID: readonly string[] = Object.freeze([]);

/** Whether a string may be longer than `limit` bytes: UTF-8 takes at most 3 bytes per UTF-16 unit. */
const mayExceed = (value: string, limit: number): boolean => value.length > limit || (value.length * 3 > limit && bytes(value) > limit);

export function maxLenError(length: number): string {
  return `must be no more than ${length} bytes`;
}

/** content.RegexError: the message, the examples, and the pattern. */
function regexError(message: string, pattern: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${pattern}')`;
  // Go appends "'x', " per example and " or " between them, hence the API server's double space.
  return `${message} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${pattern}')`;
}

export function isDNS1123Label(value: string): readonly string[] {
  const long = mayExceed(value, 63);
  const fits = dns1123LabelRe.test(value);
  if (!long && fits) return VALID;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(63));
  if (!fits) {
    // A valid subdomain that is not a label can only differ by its dots (length was checked).
    if (dns1123SubdomainRe.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL, 'my-name', '123-abc'));
  }
  return errs;
}

export function isDNS1123Subdomain(value: string): readonly string[] {
  const long = mayExceed(value, 253);
  const fits = dns1123SubdomainRe.test(value);
  if (!long && fits) return VALID;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(253));
  if (!fits) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN, 'example.com'));
  return errs;
}

export function isDNS1035Label(value: string): readonly string[] {
  const long = mayExceed(value, 63);
  const fits = dns1035LabelRe.test(value);
  if (!long && fits) return VALID;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(63));
  if (!fits) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL, 'my-name', 'abc-123'));
  return errs;
}

/** IANA_SVC_NAME (RFC 6335), lower case only. */
export function isValidPortName(port: string): readonly string[] {
  // The common case in one test: 1-15 lower-case letters, digits and single inner hyphens, one letter at least.
  if (port.length <= 15 && portNameRe.test(port)) return VALID;
  const errs: string[] = [];
  if (mayExceed(port, 15)) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** A label key or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 bytes. */
export function isQualifiedName(value: string): readonly string[] {
  // The common case: no prefix, a valid name part.
  if (value.length <= 63 && labelKeyRe.test(value)) return VALID;
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [`a valid label key ${regexError(LABEL_KEY_MSG, LABEL_KEY, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (mayExceed(name, 63)) errs.push(`name part ${maxLenError(63)}`);
  if (!labelKeyRe.test(name)) errs.push(`name part ${regexError(LABEL_KEY_MSG, LABEL_KEY, 'MyName', 'my.name', '123-abc')}`);
  return errs.length === 0 ? VALID : errs;
}

export function isValidLabelValue(value: string): readonly string[] {
  const long = mayExceed(value, 63);
  const fits = labelValueRe.test(value);
  if (!long && fits) return VALID;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(63));
  if (!fits) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** path.IsValidPathSegmentName: the names of RBAC objects (anything a URL path segment can hold). */
export function isValidPathSegmentName(name: string): readonly string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  if (!name.includes('/') && !name.includes('%')) return VALID;
  const errs: string[] = [];
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  return errs;
}
