// Manifest strings and file names come from the linted repository. Printed raw, an ESC sequence
// clears the terminal or sets its title, a newline forges a line (`::add-mask::…` becomes a
// GitHub Actions command), and bidi overrides reorder what the reader sees. Human formats show
// such characters as visible escapes instead; machine formats (json, sarif) are already encoded.

// C0 controls, DEL, C1 controls, line/paragraph separators and the bidi embedding/isolate marks.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** UNSAFE without the global flag: a test that keeps no lastIndex. Most texts hold none, and are returned as they are. */
const ANY_UNSAFE = new RegExp(UNSAFE.source);

export function escapeControl(text: string): string {
  if (!ANY_UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
