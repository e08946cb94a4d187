package kubelint.rules.no_host_path_test

import data.kubelint.rules.no_host_path as rule
import data.kubelint.testutil as t

test_other_volumes_pass if {
	spec := object.union(t.good_pod_spec, {"volumes": [{"name": "tmp", "emptyDir": {}}]})
	count(rule.violation) == 0 with input as t.batch([t.pod("p", spec)])
}

test_host_path_fails if {
	spec := object.union(t.good_pod_spec, {"volumes": [{"name": "tmp", "emptyDir": {}}, {"name": "sock", "hostPath": {"path": "/var/run"}}]})
	t.paths(rule.violation) == {["spec", "jobTemplate", "spec", "template", "spec", "volumes", 1, "hostPath"]} with input as t.batch([t.cronjob("c", spec)])
}
