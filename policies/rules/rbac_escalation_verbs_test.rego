package kubelint.rules.rbac_escalation_verbs_test

import data.kubelint.rbactest as b
import data.kubelint.rules.rbac_escalation_verbs as rule
import data.kubelint.testutil as t

violations(rules) := vs if {
	vs := rule.violation with input as t.batch([b.role("ClusterRole", rules)])
}

test_escalate_bind_impersonate_fail if {
	count(violations([b.rule(["rbac.authorization.k8s.io"], ["clusterroles"], ["escalate"])])) == 1
	count(violations([b.rule(["rbac.authorization.k8s.io"], ["roles"], ["bind"])])) == 1
	count(violations([b.rule([""], ["serviceaccounts"], ["impersonate"])])) == 1
	count(violations([b.rule(["authentication.k8s.io"], ["userextras/scopes"], ["impersonate"])])) == 1
	count(violations([b.rule(["rbac.authorization.k8s.io"], ["*"], ["*"])])) == 1
}

test_path_and_message if {
	some v in violations([b.rule([""], ["users", "groups"], ["impersonate"])])
	v.path == ["rules", 0, "resources", 0]
	v.msg == "ClusterRole \"r\" rules[0] grants impersonate on users, a path to cluster-admin; remove it or restrict it with resourceNames"
}

test_ordinary_rbac_management_and_named_pass if {
	count(violations([b.rule(["rbac.authorization.k8s.io"], ["roles", "rolebindings"], ["get", "create", "update"])])) == 0
	count(violations([object.union(b.rule([""], ["serviceaccounts"], ["impersonate"]), {"resourceNames": ["deployer"]})])) == 0
	count(violations([b.rule([""], ["serviceaccounts"], ["get"])])) == 0
}
