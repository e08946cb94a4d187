# METADATA
# title: "Containers add no capabilities beyond the allowlist"
# description: "A container may add back only allowlisted Linux capabilities (option allowed, default [NET_BIND_SERVICE])."
# custom:
#   id: no-added-capabilities
#   severity: error
#   kinds: [Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob]
#   scope: resource
#   remediation: "Remove the capability from securityContext.capabilities.add, or allow it in the rule's options with a reason."
package kubelint.rules.no_added_capabilities

import data.kubelint.lib

default_allowed := ["NET_BIND_SERVICE"]

allowed := {normalize(cap) | some cap in lib.param("no-added-capabilities", "allowed", default_allowed)}

# Capabilities are matched case-insensitively and with or without the CAP_ prefix.
normalize(cap) := trim_prefix(upper(cap), "CAP_")

violation contains v if {
	some c in lib.containers
	some pos, cap in c.sc.capabilities.add
	not allowed[normalize(cap)]
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " adds capability ", cap, " in securityContext.capabilities.add; remove it (allowed: ", concat(", ", sort([a | some a in allowed])), ")"]),
		"path": array.concat(c.path, ["securityContext", "capabilities", "add", pos]),
	}
}
