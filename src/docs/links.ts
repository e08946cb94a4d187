// Where rule documentation is. One place, so SARIF helpUri, `kubelint rules <id>` and the
// generated docs agree. The pages ship in the package (docs/rules), so links point at the local
// copy by default and work offline; the config's `docsUrl` points them at a published copy.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../config/paths.js';

export const REPOSITORY_URL = 'https://github.com/kubelint/kubelint';

export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

export function ruleDocUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/${ruleDocPath(id)}`;
}

/** A configured docs URL: `{id}` is replaced by the rule id, else `<id>.md` is appended. */
function configuredLink(id: string, docsUrl: string): string {
  return docsUrl.includes('{id}') ? docsUrl.replaceAll('{id}', id) : `${docsUrl.replace(/\/?$/, '/')}${id}.md`;
}

/** The rule's page: from the config's docsUrl, else this installation's copy (offline), else its URL. */
export function ruleDocLink(id: string, docsUrl?: string): string {
  if (docsUrl) return configuredLink(id, docsUrl);
  const local = packagePath(ruleDocPath(id));
  return existsSync(local) ? local : ruleDocUrl(id);
}

/** ruleDocLink as a URI (SARIF helpUri): a local page becomes a file: URL. */
export function ruleDocUri(id: string, docsUrl?: string): string {
  const link = ruleDocLink(id, docsUrl);
  return link.startsWith('/') ? pathToFileURL(link).href : link;
}

/** The "Examples" section of the rule's shipped page (pass/fail cases from its fixtures), as text. */
export function docExamples(id: string): string | undefined {
  const local = packagePath(ruleDocPath(id));
  if (!existsSync(local)) return undefined;
  const page = readFileSync(local, 'utf8');
  const start = page.indexOf('\n## Examples\n');
  if (start === -1) return undefined;
  const end = page.indexOf('\n## ', start + 1);
  const section = page.slice(start + 1, end === -1 ? undefined : end).trim();
  return section
    .split('\n')
    .filter((line) => !line.startsWith('Lines marked ') && !line.startsWith('```'))
    .map((line) => line.replace(/^## /, '').replace(/^### /, '-- '))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
