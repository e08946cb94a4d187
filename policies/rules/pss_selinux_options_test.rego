package kubelint.rules.pss_selinux_options_test

import data.kubelint.rules.pss_selinux_options as rule
import data.kubelint.testutil as t

ctr(opts) := {"name": "c", "image": "i:1", "securityContext": {"seLinuxOptions": opts}}

test_engine_type_from_1_31 if {
	spec := {"containers": [ctr({"type": "container_engine_t"})]}
	count(rule.violation) == 1 with input as t.pss_pod(spec, 30, "pss-selinux-options")
	count(rule.violation) == 0 with input as t.pss_pod(spec, 31, "pss-selinux-options")
}

test_user_role_and_pod_type if {
	spec := {"securityContext": {"seLinuxOptions": {"type": "spc_t"}}, "containers": [ctr({"user": "u", "role": "r", "level": "s0"})]}
	t.paths(rule.violation) == {
		["spec", "securityContext", "seLinuxOptions", "type"],
		["spec", "containers", 0, "securityContext", "seLinuxOptions", "user"],
		["spec", "containers", 0, "securityContext", "seLinuxOptions", "role"],
	} with input as t.pss_pod(spec, 36, "pss-selinux-options")
}
