// `npm run docs` (write) and `npm run docs:check` (exit 1 when a generated file is stale):
// docs/rules/*.md, the README's rule list and schemas/rule-options.schema.json.
import { packagePath } from '../src/config/paths.js';
import { getLinter } from '../src/engine/linter-factory.js';
import { readRulesFile } from '../src/engine/rego-files.js';
import { compareRuleDocs, renderRuleDocs, writeRuleDocs } from '../src/docs/generate.js';
import { renderCatalogueFiles, syncCatalogueFiles } from '../src/docs/readme-rules.js';

const check = process.argv.includes('--check');
const rules = [...(await getLinter()).rules.values()];
const docsDir = packagePath('docs', 'rules');
const expected = renderRuleDocs(rules, packagePath('fixtures', 'rules'));
const diff = check ? compareRuleDocs(expected, docsDir) : writeRuleDocs(expected, docsDir);
const changed = [...diff.stale, ...diff.missing, ...diff.extra].map((name) => `docs/rules/${name}`);
changed.push(...syncCatalogueFiles(renderCatalogueFiles(rules, readRulesFile().kindGroups, packagePath()), packagePath(), check));
if (check && changed.length > 0) {
  process.stderr.write(`generated docs are stale (${changed.join(', ')}); run \`npm run docs\`\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(check ? `generated docs are up to date (${expected.size + 2} files)\n` : `generated docs: ${changed.length} of ${expected.size + 2} files updated\n`);
}
