package kubelint.rules.rbac_cluster_admin_binding_test

import data.kubelint.rbactest as b
import data.kubelint.rules.rbac_cluster_admin_binding as rule
import data.kubelint.testutil as t

subject(kind, name) := {"kind": kind, "name": name, "apiGroup": "rbac.authorization.k8s.io"}

test_user_and_service_account_fail if {
	bd := b.binding("ClusterRoleBinding", "ClusterRole", "cluster-admin", [subject("User", "alice"), {"kind": "ServiceAccount", "name": "ci", "namespace": "ci"}])
	t.paths(rule.violation) == {["subjects", 0], ["subjects", 1]} with input as t.batch([bd])
}

test_system_groups_pass if {
	bd := b.binding("ClusterRoleBinding", "ClusterRole", "cluster-admin", [subject("Group", "system:masters")])
	count(rule.violation) == 0 with input as t.batch([bd])
}

test_broad_system_groups_fail if {
	bd := b.binding("ClusterRoleBinding", "ClusterRole", "cluster-admin", [subject("Group", "system:authenticated"), subject("Group", "system:serviceaccounts:ci")])
	count(rule.violation) == 2 with input as t.batch([bd])
}

test_other_roles_and_role_kinds_pass if {
	admin := b.binding("RoleBinding", "ClusterRole", "admin", [subject("User", "alice")])
	local := b.binding("RoleBinding", "Role", "cluster-admin", [subject("User", "alice")])
	count(rule.violation) == 0 with input as t.batch([admin, local])
}

test_role_binding_to_cluster_admin_fails if {
	bd := b.binding("RoleBinding", "ClusterRole", "cluster-admin", [subject("Group", "team-a")])
	some v in rule.violation with input as t.batch([bd])
	v.msg == "RoleBinding \"b\" binds cluster-admin to Group \"team-a\"; bind a role with only the permissions it needs"
}
