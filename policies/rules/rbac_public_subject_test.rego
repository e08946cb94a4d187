package kubelint.rules.rbac_public_subject_test

import data.kubelint.rbactest as b
import data.kubelint.rules.rbac_public_subject as rule
import data.kubelint.testutil as t

group(name) := {"kind": "Group", "name": name, "apiGroup": "rbac.authorization.k8s.io"}

test_public_groups_fail if {
	bd := b.binding("ClusterRoleBinding", "ClusterRole", "view", [group("system:unauthenticated"), group("system:authenticated"), group("team")])
	t.paths(rule.violation) == {["subjects", 0, "name"], ["subjects", 1, "name"]} with input as t.batch([bd])
}

test_anonymous_user_fails if {
	bd := b.binding("RoleBinding", "Role", "reader", [{"kind": "User", "name": "system:anonymous"}])
	some v in rule.violation with input as t.batch([bd])
	v.msg == "RoleBinding \"b\" grants Role \"reader\" to \"system:anonymous\", which is every request without credentials; bind it to specific subjects"
}

test_discovery_roles_pass if {
	bd := b.binding("ClusterRoleBinding", "ClusterRole", "system:public-info-viewer", [group("system:unauthenticated"), group("system:authenticated")])
	count(rule.violation) == 0 with input as t.batch([bd])
}

test_a_service_account_named_like_a_group_passes if {
	bd := b.binding("RoleBinding", "Role", "reader", [{"kind": "ServiceAccount", "name": "system:authenticated", "namespace": "x"}])
	count(rule.violation) == 0 with input as t.batch([bd])
}
