# METADATA
# title: "No privileged containers"
# description: "A privileged container has all capabilities and access to the host's devices."
# custom:
#   id: no-privileged
#   severity: error
#   kinds: [workloads]
#   scope: resource
#   podSecurityControls: [privileged]
#   remediation: "Remove securityContext.privileged: true (or set it to false)."
package kubelint.rules.no_privileged

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	c.sc.privileged == true
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " is privileged (securityContext.privileged: true); remove it or set it to false"]),
		"path": array.concat(c.path, ["securityContext", "privileged"]),
	}
}
