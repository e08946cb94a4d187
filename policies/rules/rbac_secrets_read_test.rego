package kubelint.rules.rbac_secrets_read_test

import data.kubelint.rbactest as b
import data.kubelint.rules.rbac_secrets_read as rule
import data.kubelint.testutil as t

violations(rules) := vs if {
	vs := rule.violation with input as t.batch([b.role("Role", rules)])
}

test_read_verbs_fail if {
	count(violations([b.rule([""], ["configmaps", "secrets"], ["list"])])) == 1
	count(violations([b.rule([""], ["secrets"], ["watch"])])) == 1
	count(violations([b.rule(["*"], ["*"], ["get"])])) == 1
	count(violations([b.rule([""], ["secrets"], ["*"])])) == 1
}

test_path_points_at_the_resource if {
	t.paths(violations([b.rule([""], ["configmaps", "secrets"], ["get"])])) == {["rules", 0, "resources", 1]}
}

test_write_only_named_and_other_groups_pass if {
	count(violations([b.rule([""], ["secrets"], ["create", "update"])])) == 0
	count(violations([object.union(b.rule([""], ["secrets"], ["get"]), {"resourceNames": ["tls"]})])) == 0
	count(violations([b.rule(["example.com"], ["secrets"], ["get"])])) == 0
	count(violations([b.rule([""], ["configmaps"], ["get"])])) == 0
}
