package kubelint.rules.pss_run_as_user_test

import data.kubelint.rules.pss_run_as_user as rule
import data.kubelint.testutil as t

spec := {"securityContext": {"runAsUser": 0}, "containers": [{"name": "a", "image": "i:1", "securityContext": {"runAsUser": 0}}, {"name": "b", "image": "i:1", "securityContext": {"runAsUser": 1}}]}

test_root_uid if {
	t.paths(rule.violation) == {["spec", "securityContext", "runAsUser"], ["spec", "containers", 0, "securityContext", "runAsUser"]} with input as t.pss_pod(spec, 36, "pss-run-as-user")
}

test_versions if {
	count(rule.violation) == 0 with input as t.pss_pod(spec, 22, "pss-run-as-user")
	count(rule.violation) == 0 with input as t.pss_pod(object.union(spec, {"hostUsers": false}), 35, "pss-run-as-user")
	count(rule.violation) == 2 with input as t.pss_pod(object.union(spec, {"hostUsers": false}), 34, "pss-run-as-user")
}
