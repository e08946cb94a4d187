// Characters YAML does not allow in a stream (YAML 1.2 §5.1 c-printable): C0 controls other than
// tab, LF and CR; DEL; C1 controls other than NEL; U+FFFE, U+FFFF; and lone surrogates.
// kustomize and kubectl (go-yaml) refuse such files, so kubelint does too, with the position.
// One regular-expression scan over the text: no cost beyond a pass when the text is clean.

// Surrogates are matched too and let pass when paired (cheaper than the `u` flag's \p{Cs}).
const FORBIDDEN = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/g;

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Offset of the first forbidden character, or -1. */
function forbiddenOffset(text: string): number {
  FORBIDDEN.lastIndex = 0;
  for (let match = FORBIDDEN.exec(text); match; match = FORBIDDEN.exec(text)) {
    const at = match.index;
    const code = text.charCodeAt(at);
    if (isHigh(code) && isLow(text.charCodeAt(at + 1))) FORBIDDEN.lastIndex = at + 2;
    else return at;
  }
  return -1;
}

const NAMES: Record<number, string> = { 0: 'NUL', 7: 'BEL', 8: 'backspace', 0x0b: 'vertical tab', 0x0c: 'form feed', 0x1b: 'ESC', 0x7f: 'DEL' };

export interface ForbiddenCharacter {
  line: number;
  /** 1-based, in UTF-16 code units like every other column kubelint reports. */
  column: number;
  message: string;
}

function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first character YAML forbids, with its line and column, or undefined for a clean text. */
export function controlCharacterAt(text: string): ForbiddenCharacter | undefined {
  const at = forbiddenOffset(text);
  if (at === -1) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const code = text.charCodeAt(at);
  const name = NAMES[code];
  const kind = code >= 0xd800 && code <= 0xdfff ? 'lone surrogate' : code >= 0xfffe ? 'non-character' : 'control character';
  return {
    line,
    column: at - lineStart + 1,
    message: `${kind} ${codePoint(code)}${name ? ` (${name})` : ''} is not allowed in YAML; write it as an escape ("\\u${codePoint(code).slice(2)}") inside a double-quoted string`,
  };
}
