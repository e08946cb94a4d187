#!/usr/bin/env node
// The one place kubelint exits the process.
import { execute } from '../dist/cli/main.js';
import { processIO } from '../dist/cli/io.js';

const code = await execute(process.argv.slice(2), processIO());
process.exitCode = code;
