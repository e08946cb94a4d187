package kubelint.rules.pss_capabilities_restricted_test

import data.kubelint.rules.pss_capabilities_restricted as rule
import data.kubelint.testutil as t

caps(c) := {"name": "c", "image": "i:1", "securityContext": {"capabilities": c}}

test_drop_all_exactly_and_add_only_net_bind_service if {
	spec := {"containers": [caps({"drop": ["all"], "add": ["NET_BIND_SERVICE", "CHOWN"]}), object.union(caps({"drop": ["ALL"]}), {"name": "d"})]}
	t.paths(rule.violation) == {
		["spec", "containers", 0, "securityContext", "capabilities", "drop"],
		["spec", "containers", 0, "securityContext", "capabilities", "add", 1],
	} with input as t.pss_pod(spec, 36, "pss-capabilities-restricted")
}

test_from_1_22_and_windows_exempt_from_1_25 if {
	spec := {"containers": [{"name": "a", "image": "i:1"}]}
	count(rule.violation) == 0 with input as t.pss_pod(spec, 21, "pss-capabilities-restricted")
	count(rule.violation) == 1 with input as t.pss_pod(spec, 22, "pss-capabilities-restricted")
	win := object.union(spec, {"os": {"name": "windows"}})
	count(rule.violation) == 1 with input as t.pss_pod(win, 24, "pss-capabilities-restricted")
	count(rule.violation) == 0 with input as t.pss_pod(win, 25, "pss-capabilities-restricted")
}
