// Formatters by name. Each is a pure function (report, context) → text.
import type { Report } from '../types.js';
import type { FormatContext } from './context.js';
import { formatCodeClimate } from './codeclimate.js';
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export type Formatter = (report: Report, ctx: FormatContext) => string;

export const formatters: Readonly<Record<string, Formatter>> = {
  stylish: formatStylish,
  compact: formatCompact,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  codeclimate: formatCodeClimate,
};

export type { FormatContext } from './context.js';
