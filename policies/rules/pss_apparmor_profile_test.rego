package kubelint.rules.pss_apparmor_profile_test

import data.kubelint.rules.pss_apparmor_profile as rule
import data.kubelint.testutil as t

test_fields_and_annotations if {
	p := object.union(
		t.pod("p", {
			"securityContext": {"appArmorProfile": {"type": "Unconfined"}},
			"containers": [{"name": "c", "image": "i:1", "securityContext": {"appArmorProfile": {}}}],
		}),
		{"metadata": {"annotations": {
			"container.apparmor.security.beta.kubernetes.io/c": "unconfined",
			"container.apparmor.security.beta.kubernetes.io/d": "localhost/x",
		}}},
	)
	t.paths(rule.violation) == {
		["spec", "securityContext", "appArmorProfile", "type"],
		["spec", "containers", 0, "securityContext", "appArmorProfile", "type"],
		["metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/c"],
	} with input as t.pss_batch([p], 36, ["pss-apparmor-profile"])
}

test_allowed_values_pass if {
	spec := {"securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}}, "containers": [{"name": "c", "image": "i:1", "securityContext": {"appArmorProfile": {"type": "Localhost", "localhostProfile": "x"}}}]}
	count(rule.violation) == 0 with input as t.pss_pod(spec, 36, "pss-apparmor-profile")
}
