package kubelint.rules.drop_all_capabilities_test

import data.kubelint.rules.drop_all_capabilities as rule
import data.kubelint.testutil as t

test_compliant if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", t.good_pod_spec)])
}

test_lowercase_all_accepted if {
	ctr := json.patch(t.good_container("a"), [{"op": "replace", "path": "/securityContext/capabilities/drop", "value": ["all"]}])
	count(rule.violation) == 0 with input as t.batch([t.pod("p", {"containers": [ctr]})])
}

test_partial_drop_fails if {
	ctr := json.patch(t.good_container("a"), [{"op": "replace", "path": "/securityContext/capabilities/drop", "value": ["NET_RAW"]}])
	t.paths(rule.violation) == {["spec", "containers", 0, "securityContext", "capabilities", "drop"]} with input as t.batch([t.pod("p", {"containers": [ctr]})])
}

test_pod_level_is_not_enough_and_init_checked if {
	spec := {"initContainers": [{"name": "i", "image": "i:1"}], "containers": [t.good_container("a")]}
	t.paths(rule.violation) == {["spec", "initContainers", 0, "securityContext", "capabilities", "drop"]} with input as t.batch([t.pod("p", spec)])
}

test_windows_pod_gets_no_linux_only_advice if {
	spec := {"os": {"name": "windows"}, "containers": [{"name": "a", "image": "i:1"}]}
	count(rule.violation) == 0 with input as t.batch([t.pod("p", spec)])
	count(rule.violation) > 0 with input as t.batch([t.pod("p", object.remove(spec, ["os"]))])
}
