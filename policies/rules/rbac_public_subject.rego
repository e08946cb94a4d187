# METADATA
# title: "Roles are not bound to anonymous or all authenticated users"
# description: "A binding whose subject is system:anonymous, system:unauthenticated or system:authenticated grants its role to anyone who can reach the API server (or to every user and ServiceAccount). Bindings of the built-in discovery roles (system:public-info-viewer, system:discovery, system:basic-user), which Kubernetes binds this way itself, pass."
# custom:
#   id: rbac-public-subject
#   severity: error
#   kinds: [RoleBinding, ClusterRoleBinding]
#   presets: [recommended]
#   scope: resource
#   remediation: "Bind the role to the users, groups or ServiceAccounts that need it."
package kubelint.rules.rbac_public_subject

import data.kubelint.lib

public_subjects := {
	"system:anonymous": "every request without credentials",
	"system:unauthenticated": "every request without credentials",
	"system:authenticated": "every authenticated user and ServiceAccount",
}

discovery_roles := {"system:public-info-viewer", "system:discovery", "system:basic-user"}

violation contains v if {
	some s in lib.rbac_subjects
	s.subject.kind in {"User", "Group"}
	who := public_subjects[s.subject.name]
	not discovery_role(s.role_ref)
	v := {
		"index": s.index,
		"msg": concat("", [s.binding, " grants ", object.get(s.role_ref, "kind", "role"), " ", lib.quote(object.get(s.role_ref, "name", "")), " to ", lib.quote(s.subject.name), ", which is ", who, "; bind it to specific subjects"]),
		"path": array.concat(s.path, ["name"]),
	}
}

discovery_role(ref) if {
	ref.kind == "ClusterRole"
	discovery_roles[ref.name]
}
