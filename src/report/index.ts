// Formatters by name. Each is a pure function (report, context) → text; formatPieces gives the same
// text in pieces, made as they are written (a large report never held whole, report/json-stream.ts).
import type { Report } from '../types.js';
import type { FormatContext } from './context.js';
import { codeClimatePieces } from './codeclimate.js';
import { compactPieces } from './compact.js';
import { githubPieces } from './github.js';
import { jsonReportPieces } from './json.js';
import { junitPieces } from './junit.js';
import { joined } from './pieces.js';
import { sarifPieces } from './sarif.js';
import { stylishPieces } from './stylish.js';

export type Formatter = (report: Report, ctx: FormatContext) => string;
export type PiecesFormatter = (report: Report, ctx: FormatContext) => Iterable<string>;

export const formatPieces: Readonly<Record<string, PiecesFormatter>> = {
  stylish: stylishPieces,
  compact: compactPieces,
  json: jsonReportPieces,
  sarif: sarifPieces,
  junit: junitPieces,
  github: githubPieces,
  codeclimate: codeClimatePieces,
};

export const formatters: Readonly<Record<string, Formatter>> = Object.fromEntries(
  Object.entries(formatPieces).map(([name, pieces]) => [name, (report: Report, ctx: FormatContext) => joined(pieces(report, ctx))]),
);

export type { FormatContext } from './context.js';
