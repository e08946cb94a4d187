package kubelint.rules.serviceaccount_missing_test

import data.kubelint.rules.serviceaccount_missing as rule
import data.kubelint.testutil as t

sa(name) := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name}}

test_missing_account_fails if {
	p := t.pod("p", object.union(t.good_pod_spec, {"serviceAccountName": "web"}))
	t.paths(rule.violation) == {["spec", "serviceAccountName"]} with input as t.batch([p, sa("api")])
}

test_present_default_and_no_accounts_pass if {
	p := t.pod("p", object.union(t.good_pod_spec, {"serviceAccountName": "web"}))
	count(rule.violation) == 0 with input as t.batch([p, sa("web")])
	count(rule.violation) == 0 with input as t.batch([p])
	d := t.pod("d", object.union(t.good_pod_spec, {"serviceAccountName": "default"}))
	count(rule.violation) == 0 with input as t.batch([d, sa("api")])
}

test_deprecated_field if {
	p := t.pod("p", object.union(t.good_pod_spec, {"serviceAccount": "web"}))
	t.paths(rule.violation) == {["spec", "serviceAccount"]} with input as t.batch([p, sa("api")])
	both := t.pod("p", object.union(t.good_pod_spec, {"serviceAccount": "old", "serviceAccountName": "api"}))
	count(rule.violation) == 0 with input as t.batch([both, sa("api")])
}
