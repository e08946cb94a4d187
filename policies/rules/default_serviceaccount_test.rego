package kubelint.rules.default_serviceaccount_test

import data.kubelint.rules.default_serviceaccount as rule
import data.kubelint.testutil as t

spec(fields) := object.union({"containers": [t.good_container("a")]}, fields)

test_default_fails if {
	t.paths(rule.violation) == {["spec", "serviceAccountName"]} with input as t.batch([t.pod("p", spec({}))])
	count(rule.violation) == 1 with input as t.batch([t.pod("p", spec({"serviceAccountName": "default"}))])
	count(rule.violation) == 1 with input as t.batch([t.pod("p", spec({"serviceAccountName": ""}))])
}

test_own_account_or_no_token_passes if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", spec({"serviceAccountName": "web"}))])
	count(rule.violation) == 0 with input as t.batch([t.pod("p", spec({"automountServiceAccountToken": false}))])
}
