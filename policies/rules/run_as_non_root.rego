# METADATA
# title: "Containers run as non-root"
# description: "Every container, init and ephemeral ones included, must run with runAsNonRoot: true in effect (its own securityContext or the pod's) and must not run as user 0."
# custom:
#   id: run-as-non-root
#   severity: error
#   kinds: [workloads]
#   scope: resource
#   remediation: "Set securityContext.runAsNonRoot: true (on the pod or the container) and a non-zero runAsUser."
package kubelint.rules.run_as_non_root

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	not non_root(c)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " does not set securityContext.runAsNonRoot: true (neither on the container nor on the pod); set it so the kubelet refuses to start the container as root"]),
		"path": lib.effective_sc_path(c, "runAsNonRoot"),
	}
}

violation contains v if {
	some c in lib.containers
	lib.effective_sc(c, "runAsUser") == 0
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " runs as root (securityContext.runAsUser: 0); set runAsUser to a non-zero UID"]),
		"path": lib.effective_sc_path(c, "runAsUser"),
	}
}

non_root(c) if lib.effective_sc(c, "runAsNonRoot") == true
