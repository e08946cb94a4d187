package kubelint.rules.no_host_namespaces_test

import data.kubelint.rules.no_host_namespaces as rule
import data.kubelint.testutil as t

test_false_passes if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", object.union(t.good_pod_spec, {"hostNetwork": false}))])
}

test_each_host_namespace_reported if {
	spec := object.union(t.good_pod_spec, {"hostNetwork": true, "hostPID": true, "hostIPC": true})
	t.paths(rule.violation) == {
		["spec", "template", "spec", "hostNetwork"],
		["spec", "template", "spec", "hostPID"],
		["spec", "template", "spec", "hostIPC"],
	} with input as t.batch([t.deployment("d", 1, {"app": "d"}, spec)])
}
