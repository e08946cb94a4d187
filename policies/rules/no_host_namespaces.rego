# METADATA
# title: "Pods do not share host namespaces"
# description: "hostNetwork, hostPID and hostIPC expose the node's network, processes and IPC to the pod."
# custom:
#   id: no-host-namespaces
#   severity: error
#   kinds: [workloads]
#   scope: resource
#   podSecurityControls: [hostNamespaces]
#   remediation: "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false)."
package kubelint.rules.no_host_namespaces

import data.kubelint.lib

host_fields := ["hostNetwork", "hostPID", "hostIPC"]

violation contains v if {
	some w in lib.workloads
	some field in host_fields
	w.spec[field] == true
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " sets ", field, ": true; remove it so the pod does not share the host's namespace"]),
		"path": array.concat(w.spec_path, [field]),
	}
}
