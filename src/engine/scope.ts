// Namespaces and scope: built-in cluster-scoped kinds (no namespace, so a missing one is not the
// default), and the namespace cross-resource rules group a resource under.
const CLUSTER_SCOPED = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding',
  'ComponentStatus', 'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume',
  'PriorityClass', 'PriorityLevelConfiguration', 'RuntimeClass', 'StorageClass', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment', 'DeviceClass',
  'ResourceSlice', 'VolumeAttributesClass', 'IPAddress', 'ServiceCIDR', 'ClusterTrustBundle',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/**
 * A resource's namespace as the policies see it (lib.namespace): unset or empty means the default.
 * Cross-resource rules look only inside one such namespace (Rego chunking, --changed context).
 */
export function policyNamespace(object: Record<string, unknown>, defaultNamespace: string): string {
  const metadata = object.metadata as { namespace?: unknown; name?: unknown } | undefined;
  // A Namespace goes with the resources inside it: its pod-security labels judge their pods.
  if (object.kind === 'Namespace' && typeof metadata?.name === 'string') return metadata.name;
  return typeof metadata?.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : defaultNamespace;
}
