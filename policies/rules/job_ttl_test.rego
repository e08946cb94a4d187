package kubelint.rules.job_ttl_test

import data.kubelint.rules.job_ttl as rule
import data.kubelint.testutil as t

job(spec) := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": object.union({"template": {"spec": t.good_pod_spec}}, spec)}

test_missing_ttl_fails if {
	t.paths(rule.violation) == {["spec", "ttlSecondsAfterFinished"]} with input as t.batch([job({})])
}

test_ttl_and_cronjobs_pass if {
	count(rule.violation) == 0 with input as t.batch([job({"ttlSecondsAfterFinished": 0}), t.cronjob("c", t.good_pod_spec)])
}
