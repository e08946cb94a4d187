package kubelint.rules.priority_class_test

import data.kubelint.rules.priority_class as rule
import data.kubelint.testutil as t

test_missing_fails if {
	t.paths(rule.violation) == {["spec", "priorityClassName"]} with input as t.batch([t.pod("p", t.good_pod_spec)])
}

test_set_passes_and_allowed_option if {
	p := t.pod("p", object.union(t.good_pod_spec, {"priorityClassName": "batch-low"}))
	count(rule.violation) == 0 with input as t.batch([p])
	count(rule.violation) == 1 with input as t.with_params([p], {"priority-class": {"allowed": ["web-high"]}})
	count(rule.violation) == 0 with input as t.with_params([p], {"priority-class": {"allowed": ["batch-low"]}})
}
