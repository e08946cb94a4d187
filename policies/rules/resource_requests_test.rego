package kubelint.rules.resource_requests_test

import data.kubelint.rules.resource_requests as rule
import data.kubelint.testutil as t

test_compliant_and_ephemeral_exempt if {
	spec := object.union(t.good_pod_spec, {"ephemeralContainers": [{"name": "debug", "image": "busybox:1"}]})
	count(rule.violation) == 0 with input as t.batch([t.pod("p", spec)])
}

test_missing_memory_in_init_container if {
	init := json.remove(t.good_container("init"), ["resources/requests/memory"])
	spec := object.union(t.good_pod_spec, {"initContainers": [init]})
	t.paths(rule.violation) == {["spec", "initContainers", 0, "resources", "requests", "memory"]} with input as t.batch([t.pod("p", spec)])
}

test_no_resources_reports_both if {
	t.paths(rule.violation) == {
		["spec", "containers", 0, "resources", "requests", "cpu"],
		["spec", "containers", 0, "resources", "requests", "memory"],
	} with input as t.batch([t.pod("p", {"containers": [{"name": "a", "image": "a:1"}]})])
}
