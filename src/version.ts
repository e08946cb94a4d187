import { readFileSync } from 'node:fs';
import { packagePath } from './config/paths.js';

interface PackageJson {
  version: string;
  peerDependencies?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as PackageJson;

export const VERSION: string = pkg.version;

/** The version range of the webhook's optional Kubernetes client, as package.json declares it. */
export const KUBE_CLIENT_RANGE: string = pkg.peerDependencies?.['@kubernetes/client-node'] ?? '*';
