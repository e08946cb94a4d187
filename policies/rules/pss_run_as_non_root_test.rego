package kubelint.rules.pss_run_as_non_root_test

import data.kubelint.rules.pss_run_as_non_root as rule
import data.kubelint.testutil as t

test_pod_true_covers_unset_containers if {
	spec := {"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a", "image": "i:1"}, {"name": "b", "image": "i:1", "securityContext": {"runAsNonRoot": false}}]}
	t.paths(rule.violation) == {["spec", "containers", 1, "securityContext", "runAsNonRoot"]} with input as t.pss_pod(spec, 36, "pss-run-as-non-root")
}

test_pod_false_is_one_finding if {
	spec := {"securityContext": {"runAsNonRoot": false}, "containers": [{"name": "a", "image": "i:1"}]}
	t.paths(rule.violation) == {["spec", "securityContext", "runAsNonRoot"]} with input as t.pss_pod(spec, 36, "pss-run-as-non-root")
}

test_unset_everywhere_and_user_namespace if {
	spec := {"hostUsers": false, "containers": [{"name": "a", "image": "i:1"}]}
	count(rule.violation) == 1 with input as t.pss_pod(spec, 34, "pss-run-as-non-root")
	count(rule.violation) == 0 with input as t.pss_pod(spec, 35, "pss-run-as-non-root")
}
