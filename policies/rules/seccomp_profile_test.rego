package kubelint.rules.seccomp_profile_test

import data.kubelint.rules.seccomp_profile as rule
import data.kubelint.testutil as t

no_profile := json.remove(t.good_container("a"), ["securityContext/seccompProfile"])

test_pod_level_runtime_default if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", {"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [no_profile]})])
}

test_localhost_accepted if {
	ctr := json.patch(t.good_container("a"), [{"op": "replace", "path": "/securityContext/seccompProfile", "value": {"type": "Localhost", "localhostProfile": "p.json"}}])
	count(rule.violation) == 0 with input as t.batch([t.pod("p", {"containers": [ctr]})])
}

test_container_unconfined_overrides_pod if {
	ctr := json.patch(t.good_container("a"), [{"op": "replace", "path": "/securityContext/seccompProfile", "value": {"type": "Unconfined"}}])
	spec := {"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [ctr]}
	t.paths(rule.violation) == {["spec", "containers", 0, "securityContext", "seccompProfile", "type"]} with input as t.batch([t.pod("p", spec)])
}

test_missing_everywhere if {
	t.paths(rule.violation) == {["spec", "containers", 0, "securityContext", "seccompProfile"]} with input as t.batch([t.pod("p", {"containers": [no_profile]})])
}

test_windows_pod_gets_no_linux_only_advice if {
	spec := {"os": {"name": "windows"}, "containers": [{"name": "a", "image": "i:1"}]}
	count(rule.violation) == 0 with input as t.batch([t.pod("p", spec)])
	count(rule.violation) > 0 with input as t.batch([t.pod("p", object.remove(spec, ["os"]))])
}
