// Kubernetes apiVersion strings.

/** The API group of an apiVersion: "apps" for "apps/v1", "" for the core "v1". */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
