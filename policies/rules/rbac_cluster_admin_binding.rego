# METADATA
# title: "cluster-admin is bound only to system groups"
# description: "A RoleBinding or ClusterRoleBinding granting the cluster-admin ClusterRole to a user, a ServiceAccount, or a group other than the built-in system: groups gives that subject full control (in a RoleBinding, of the whole namespace). Bindings to system:anonymous, system:unauthenticated, system:authenticated and the system:serviceaccounts groups are reported too (they are everyone)."
# custom:
#   id: rbac-cluster-admin-binding
#   severity: error
#   kinds: [RoleBinding, ClusterRoleBinding]
#   presets: [recommended]
#   scope: resource
#   remediation: "Bind a role with only the permissions the subject needs, or bind cluster-admin to a dedicated system group managed by the cluster's identity provider."
package kubelint.rules.rbac_cluster_admin_binding

import data.kubelint.lib

# Groups that mean "everyone" (or every ServiceAccount) despite their system: prefix.
broad_groups := {"system:anonymous", "system:unauthenticated", "system:authenticated", "system:serviceaccounts"}

violation contains v if {
	some s in lib.rbac_subjects
	s.role_ref.kind == "ClusterRole"
	s.role_ref.name == "cluster-admin"
	not system_group(s.subject)
	v := {
		"index": s.index,
		"msg": concat("", [s.binding, " binds cluster-admin to ", object.get(s.subject, "kind", ""), " ", lib.quote(object.get(s.subject, "name", "")), "; bind a role with only the permissions it needs"]),
		"path": s.path,
	}
}

system_group(subject) if {
	subject.kind == "Group"
	startswith(subject.name, "system:")
	not broad_groups[subject.name]
	not startswith(subject.name, "system:serviceaccounts:")
}
