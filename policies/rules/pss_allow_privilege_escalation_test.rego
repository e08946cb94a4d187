package kubelint.rules.pss_allow_privilege_escalation_test

import data.kubelint.rules.pss_allow_privilege_escalation as rule
import data.kubelint.testutil as t

test_unset_and_true_fail if {
	spec := {"containers": [
		{"name": "a", "image": "i:1"},
		{"name": "b", "image": "i:1", "securityContext": {"allowPrivilegeEscalation": true}},
		{"name": "c", "image": "i:1", "securityContext": {"allowPrivilegeEscalation": false}},
	]}
	t.paths(rule.violation) == {
		["spec", "containers", 0, "securityContext", "allowPrivilegeEscalation"],
		["spec", "containers", 1, "securityContext", "allowPrivilegeEscalation"],
	} with input as t.pss_pod(spec, 36, "pss-allow-privilege-escalation")
}

test_windows_exempt_from_1_25 if {
	spec := {"os": {"name": "windows"}, "containers": [{"name": "a", "image": "i:1"}]}
	count(rule.violation) == 1 with input as t.pss_pod(spec, 24, "pss-allow-privilege-escalation")
	count(rule.violation) == 0 with input as t.pss_pod(spec, 25, "pss-allow-privilege-escalation")
}
