# METADATA
# title: "Roles do not mint ServiceAccount tokens"
# description: "create on serviceaccounts/token issues a token for any ServiceAccount in scope, so the subject gains every ServiceAccount's permissions."
# custom:
#   id: rbac-serviceaccount-token
#   severity: warning
#   kinds: [Role, ClusterRole]
#   presets: [recommended]
#   scope: resource
#   remediation: "Remove the grant, or restrict it with resourceNames to the ServiceAccounts the subject must act as."
package kubelint.rules.rbac_serviceaccount_token

import data.kubelint.lib

violation contains v if {
	some r in lib.rbac_rules
	count(object.get(r.rule, "resourceNames", [])) == 0
	g := lib.rbac_grant(r, "", ["serviceaccounts/token"], ["create"])
	v := {
		"index": r.index,
		"msg": concat("", [r.role, " ", r.where, " grants create on serviceaccounts/token, which issues tokens for every ServiceAccount in scope; restrict it with resourceNames"]),
		"path": g.path,
	}
}
