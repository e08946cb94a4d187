# METADATA
# title: "Containers run as non-root"
# description: "Every container, init and ephemeral ones included, must run with runAsNonRoot: true in effect (its own securityContext or the pod's) and must not run as user 0."
# custom:
#   id: run-as-non-root
#   severity: error
#   kinds: [workloads]
#   scope: resource
#   podSecurityControls: [runAsNonRoot, runAsUser]
#   remediation: "Set securityContext.runAsNonRoot: true (on the pod or the container) and a non-zero runAsUser."
package kubelint.rules.run_as_non_root

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	not non_root(c)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), missing_text(c)]),
		"path": lib.effective_sc_path(c, "runAsNonRoot"),
	}
}

# What is true depends on the user: with a non-zero runAsUser the container does run as non-root,
# but nothing makes the kubelet check it.
missing_text(c) := concat("", [
	" runs as UID ", format_int(uid, 10), " but does not set securityContext.runAsNonRoot: true, so the kubelet does not verify it; set runAsNonRoot: true so a change of user (or of the pod's runAsUser) can never start it as root",
]) if {
	nonzero_user(c)
	uid := lib.effective_sc(c, "runAsUser")
}

missing_text(c) := " does not set securityContext.runAsNonRoot: true (neither on the container nor on the pod), so it runs as whatever user its image names, root included; set it so the kubelet refuses to start the container as root" if {
	not nonzero_user(c)
}

nonzero_user(c) if {
	uid := lib.effective_sc(c, "runAsUser")
	is_number(uid)
	uid != 0
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
