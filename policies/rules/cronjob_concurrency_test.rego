package kubelint.rules.cronjob_concurrency_test

import data.kubelint.rules.cronjob_concurrency as rule
import data.kubelint.testutil as t

with_policy(policy) := json.patch(t.cronjob("c", t.good_pod_spec), [{"op": "add", "path": "/spec/concurrencyPolicy", "value": policy}])

test_missing_fails if {
	t.paths(rule.violation) == {["spec", "concurrencyPolicy"]} with input as t.batch([t.cronjob("c", t.good_pod_spec)])
}

test_explicit_choices_pass if {
	count(rule.violation) == 0 with input as t.batch([with_policy("Forbid"), with_policy("Replace"), with_policy("Allow")])
}
