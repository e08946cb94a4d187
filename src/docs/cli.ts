// `npm run docs` (write) and `npm run docs:check` (exit 1 when docs/rules is stale).
import { packagePath } from '../config/paths.js';
import { getLinter } from '../engine/checks.js';
import { compareRuleDocs, renderRuleDocs, writeRuleDocs } from './generate.js';

const check = process.argv.includes('--check');
const docsDir = packagePath('docs', 'rules');
const expected = renderRuleDocs([...(await getLinter()).rules.values()], packagePath('fixtures', 'rules'));
const diff = check ? compareRuleDocs(expected, docsDir) : writeRuleDocs(expected, docsDir);
const changed = [...diff.stale, ...diff.missing, ...diff.extra];
if (check && changed.length > 0) {
  process.stderr.write(`docs/rules is stale (${changed.join(', ')}); run \`npm run docs\`\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(check ? `docs/rules is up to date (${expected.size} files)\n` : `docs/rules: ${changed.length} of ${expected.size} files updated\n`);
}
