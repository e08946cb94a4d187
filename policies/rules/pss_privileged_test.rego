package kubelint.rules.pss_privileged_test

import data.kubelint.rules.pss_privileged as rule
import data.kubelint.testutil as t

on := {"version": 36, "level": "baseline", "rules": ["pss-privileged"], "namespaces": {}}

inp(objects) := object.union(t.batch(objects), {"podSecurity": on})

test_privileged_in_every_container_group if {
	priv := {"name": "x", "image": "i:1", "securityContext": {"privileged": true}}
	spec := {"initContainers": [priv], "containers": [t.good_container("a")], "ephemeralContainers": [priv]}
	t.paths(rule.violation) == {
		["spec", "initContainers", 0, "securityContext", "privileged"],
		["spec", "ephemeralContainers", 0, "securityContext", "privileged"],
	} with input as inp([t.pod("p", spec)])
}

test_false_and_unset_pass if {
	ctr := json.patch(t.good_container("b"), [{"op": "add", "path": "/securityContext/privileged", "value": false}])
	count(rule.violation) == 0 with input as inp([t.pod("p", {"containers": [t.good_container("a"), ctr]})])
}

test_off_without_a_context if {
	priv := {"name": "x", "image": "i:1", "securityContext": {"privileged": true}}
	count(rule.violation) == 0 with input as t.batch([t.pod("p", {"containers": [priv]})])
}
