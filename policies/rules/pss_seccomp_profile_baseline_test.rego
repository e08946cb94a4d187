package kubelint.rules.pss_seccomp_profile_baseline_test

import data.kubelint.rules.pss_seccomp_profile_baseline as rule
import data.kubelint.testutil as t

test_unset_passes_unconfined_fails if {
	spec := {
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"containers": [{"name": "c", "image": "i:1"}, {"name": "d", "image": "i:1", "securityContext": {"seccompProfile": {"type": "Localhost"}}}],
	}
	t.paths(rule.violation) == {["spec", "securityContext", "seccompProfile", "type"]} with input as t.pss_pod(spec, 36, "pss-seccomp-profile-baseline")
}

test_overridden_by_restricted if {
	spec := {"containers": [{"name": "c", "image": "i:1", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}]}
	count(rule.violation) == 1 with input as t.pss_pod(spec, 36, "pss-seccomp-profile-baseline")
	count(rule.violation) == 0 with input as t.pss_batch([t.pod("p", spec)], 36, ["pss-seccomp-profile-baseline", "pss-seccomp-profile-restricted"])
}
