# METADATA
# title: "Containers add no capabilities beyond the allowlist"
# description: "A container may add back only allowlisted Linux capabilities (option allowed, default [NET_BIND_SERVICE])."
# custom:
#   id: no-added-capabilities
#   severity: error
#   kinds: [workloads]
#   scope: resource
#   options:
#     allowed:
#       description: "Capabilities a container may add (case-insensitive, with or without the CAP_ prefix)."
#       type: array
#       items: {type: string, minLength: 1}
#       uniqueItems: true
#       default: [NET_BIND_SERVICE]
#   podSecurityControls: [capabilities_baseline, capabilities_restricted]
#   remediation: "Remove the capability from securityContext.capabilities.add, or allow it in the rule's options with a reason."
package kubelint.rules.no_added_capabilities

import data.kubelint.lib

allowed := {normalize(cap) | some cap in lib.option(rego.metadata.chain(), "allowed")}

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
