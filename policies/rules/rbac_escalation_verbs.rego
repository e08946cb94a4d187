# METADATA
# title: "Roles do not grant escalate, bind or impersonate"
# description: "escalate on roles lets a subject give itself permissions it lacks, bind lets it bind any role, and impersonate lets it act as any user, group or ServiceAccount: each is a path to cluster-admin. Grants through \"*\" are reported too."
# custom:
#   id: rbac-escalation-verbs
#   severity: error
#   kinds: [Role, ClusterRole]
#   presets: [recommended]
#   scope: resource
#   remediation: "Remove escalate, bind and impersonate; if a controller truly needs them, restrict the rule with resourceNames."
package kubelint.rules.rbac_escalation_verbs

import data.kubelint.lib

grants contains g if {
	some r in lib.rbac_rules
	g := object.union(lib.rbac_grant(r, "rbac.authorization.k8s.io", ["roles", "clusterroles"], ["escalate", "bind"]), {"r": r})
}

grants contains g if {
	some r in lib.rbac_rules
	g := object.union(lib.rbac_grant(r, "", ["users", "groups", "serviceaccounts"], ["impersonate"]), {"r": r})
}

grants contains g if {
	some r in lib.rbac_rules
	g := object.union(lib.rbac_grant(r, "authentication.k8s.io", ["uids", "userextras/*"], ["impersonate"]), {"r": r})
}

violation contains v if {
	some g in grants
	count(object.get(g.r.rule, "resourceNames", [])) == 0
	v := {
		"index": g.r.index,
		"msg": concat("", [g.r.role, " ", g.r.where, " grants ", g.verb, " on ", shown(g), ", a path to cluster-admin; remove it or restrict it with resourceNames"]),
		"path": g.path,
	}
}

# "userextras/*" was asked for; name the entry that matched it (e.g. userextras/scopes).
shown(g) := g.entry if endswith(g.resource, "/*")

shown(g) := g.resource if not endswith(g.resource, "/*")
