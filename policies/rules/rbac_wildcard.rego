# METADATA
# title: "RBAC rules name their verbs, API groups and resources"
# description: "A Role or ClusterRole rule with \"*\" in verbs, apiGroups or resources grants everything of that kind, including verbs and resources added by later Kubernetes versions and CRDs. ClusterRoles with an aggregationRule are skipped (the controller manages their rules)."
# custom:
#   id: rbac-wildcard
#   severity: warning
#   kinds: [Role, ClusterRole]
#   presets: [all]
#   scope: resource
#   remediation: "Replace \"*\" with the verbs, API groups and resources the subject needs."
package kubelint.rules.rbac_wildcard

import data.kubelint.lib

field_noun := {"verbs": "every verb", "apiGroups": "every API group", "resources": "every resource"}

violation contains v if {
	some r in lib.rbac_rules
	not lib.objects[r.index].aggregationRule
	some field, noun in field_noun
	some k, value in object.get(r.rule, field, [])
	value == "*"
	v := {
		"index": r.index,
		"msg": concat("", [r.role, " ", r.where, " grants ", noun, " (\"*\" in ", field, "); list the ", field, " it needs"]),
		"path": array.concat(r.path, [field, k]),
	}
}
