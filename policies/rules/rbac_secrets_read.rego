# METADATA
# title: "Roles do not read Secrets wholesale"
# description: "A Role or ClusterRole rule granting get, list or watch on Secrets (directly or through \"*\") lets its subjects read every Secret in scope, and list/watch return their contents. Rules restricted by resourceNames to named Secrets pass."
# custom:
#   id: rbac-secrets-read
#   severity: warning
#   kinds: [Role, ClusterRole]
#   presets: [all]
#   scope: resource
#   remediation: "Restrict the rule with resourceNames to the Secrets the subject needs, or mount the Secrets into the pods instead of reading them through the API."
package kubelint.rules.rbac_secrets_read

import data.kubelint.lib

violation contains v if {
	some r in lib.rbac_rules
	count(object.get(r.rule, "resourceNames", [])) == 0
	g := lib.rbac_grant(r, "", ["secrets"], ["get", "list", "watch"])
	v := {
		"index": r.index,
		"msg": concat("", [r.role, " ", r.where, " grants ", g.verb, " on Secrets; restrict it with resourceNames or mount the Secrets instead"]),
		"path": g.path,
	}
}
