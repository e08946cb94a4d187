package kubelint.rules.pss_capabilities_baseline_test

import data.kubelint.rules.pss_capabilities_baseline as rule
import data.kubelint.testutil as t

ctr(add) := {"name": "c", "image": "i:1", "securityContext": {"capabilities": {"add": add}}}

test_exact_spelling_only if {
	spec := {"containers": [ctr(["CHOWN", "CAP_CHOWN", "chown", "SYS_ADMIN"])]}
	t.paths(rule.violation) == {
		["spec", "containers", 0, "securityContext", "capabilities", "add", 1],
		["spec", "containers", 0, "securityContext", "capabilities", "add", 2],
		["spec", "containers", 0, "securityContext", "capabilities", "add", 3],
	} with input as t.pss_pod(spec, 36, "pss-capabilities-baseline")
}

test_default_set_passes if {
	spec := {"initContainers": [ctr(["NET_BIND_SERVICE", "KILL", "SYS_CHROOT"])], "containers": [t.good_container("a")]}
	count(rule.violation) == 0 with input as t.pss_pod(spec, 36, "pss-capabilities-baseline")
}

test_overridden_when_restricted_control_on if {
	spec := {"containers": [ctr(["SYS_ADMIN"])]}
	count(rule.violation) == 0 with input as t.pss_batch([t.pod("p", spec)], 36, ["pss-capabilities-baseline", "pss-capabilities-restricted"])
}
