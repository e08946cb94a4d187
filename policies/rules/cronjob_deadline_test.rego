package kubelint.rules.cronjob_deadline_test

import data.kubelint.rules.cronjob_deadline as rule
import data.kubelint.testutil as t

test_missing_fails if {
	t.paths(rule.violation) == {["spec", "startingDeadlineSeconds"]} with input as t.batch([t.cronjob("c", t.good_pod_spec)])
}

test_set_passes if {
	c := json.patch(t.cronjob("c", t.good_pod_spec), [{"op": "add", "path": "/spec/startingDeadlineSeconds", "value": 300}])
	count(rule.violation) == 0 with input as t.batch([c])
}
