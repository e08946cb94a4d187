# METADATA
# title: "Image pull policies are on the allowlist"
# description: "imagePullPolicy must be one of the allowed values (option allowed, default Always and IfNotPresent): Never runs whatever image a node happens to have, and fails on a node that has none. With option requireExplicit, an unset policy (which Kubernetes derives from the tag) is reported too."
# custom:
#   id: image-pull-policy
#   severity: warning
#   kinds: [workloads]
#   presets: [all]
#   scope: resource
#   options:
#     allowed:
#       description: "imagePullPolicy values that pass."
#       type: "array"
#       items: {"enum": ["Always", "IfNotPresent", "Never"]}
#       uniqueItems: true
#       default: ["Always", "IfNotPresent"]
#     requireExplicit:
#       description: "Also report containers that set no imagePullPolicy."
#       type: "boolean"
#       default: false
#   remediation: "Set imagePullPolicy to one of the allowed values (IfNotPresent with a pinned tag or digest, or Always)."
package kubelint.rules.image_pull_policy

import data.kubelint.lib

allowed := lib.option(rego.metadata.chain(), "allowed")

violation contains v if {
	some c in lib.containers
	policy := c.container.imagePullPolicy
	not policy in allowed
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " has imagePullPolicy ", policy, ", which is not among the allowed values (", concat(", ", allowed), ")"]),
		"path": array.concat(c.path, ["imagePullPolicy"]),
	}
}

violation contains v if {
	lib.option(rego.metadata.chain(), "requireExplicit")
	some c in lib.containers
	not c.container.imagePullPolicy
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " sets no imagePullPolicy (Kubernetes derives it from the tag); set one of ", concat(", ", allowed)]),
		"path": array.concat(c.path, ["imagePullPolicy"]),
	}
}
