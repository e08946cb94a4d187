// A report written in pieces (report/index.ts formatPieces): joined for callers that want one
// string, or gathered into writes of a useful size for a stream or a file.

/** Pieces joined into writes of about `size` characters: one write per finding would be slow. */
export function* gathered(pieces: Iterable<string>, size = 64 * 1024): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    parts.push(piece);
    length += piece.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}

export const joined = (pieces: Iterable<string>): string => [...pieces].join('');
