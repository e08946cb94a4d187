package kubelint.rules.pss_seccomp_profile_restricted_test

import data.kubelint.rules.pss_seccomp_profile_restricted as rule
import data.kubelint.testutil as t

test_required_on_pod_or_every_container if {
	spec := {"containers": [{"name": "a", "image": "i:1"}, {"name": "b", "image": "i:1", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}}]}
	t.paths(rule.violation) == {["spec", "containers", 0, "securityContext", "seccompProfile", "type"]} with input as t.pss_pod(spec, 36, "pss-seccomp-profile-restricted")
	pod_level := object.union(spec, {"securityContext": {"seccompProfile": {"type": "Localhost"}}})
	count(rule.violation) == 0 with input as t.pss_pod(pod_level, 36, "pss-seccomp-profile-restricted")
}

test_bad_pod_profile_is_one_finding if {
	spec := {"securityContext": {"seccompProfile": {"type": "Unconfined"}}, "containers": [{"name": "a", "image": "i:1"}]}
	t.paths(rule.violation) == {["spec", "securityContext", "seccompProfile", "type"]} with input as t.pss_pod(spec, 36, "pss-seccomp-profile-restricted")
}

test_windows_exempt if {
	spec := {"os": {"name": "windows"}, "containers": [{"name": "a", "image": "i:1"}]}
	count(rule.violation) == 0 with input as t.pss_pod(spec, 36, "pss-seccomp-profile-restricted")
}
