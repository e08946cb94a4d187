package kubelint.rules.rbac_serviceaccount_token_test

import data.kubelint.rbactest as b
import data.kubelint.rules.rbac_serviceaccount_token as rule
import data.kubelint.testutil as t

violations(rules) := vs if {
	vs := rule.violation with input as t.batch([b.role("Role", rules)])
}

test_token_create_fails if {
	t.paths(violations([b.rule([""], ["serviceaccounts", "serviceaccounts/token"], ["create"])])) == {["rules", 0, "resources", 1]}
	count(violations([b.rule([""], ["serviceaccounts/*"], ["*"])])) == 1
}

test_named_and_get_pass if {
	count(violations([object.union(b.rule([""], ["serviceaccounts/token"], ["create"]), {"resourceNames": ["builder"]})])) == 0
	count(violations([b.rule([""], ["serviceaccounts"], ["get", "create"])])) == 0
}
