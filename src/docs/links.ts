// Where rule documentation is published. One place, so SARIF helpUri, `kubelint rules <id>` and
// the generated docs agree.
export const REPOSITORY_URL = 'https://github.com/kubelint/kubelint';

export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

export function ruleDocUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/${ruleDocPath(id)}`;
}
