package kubelint.rules.no_privileged_test

import data.kubelint.rules.no_privileged as rule
import data.kubelint.testutil as t

test_unset_and_false_pass if {
	ctr := json.patch(t.good_container("b"), [{"op": "add", "path": "/securityContext/privileged", "value": false}])
	count(rule.violation) == 0 with input as t.batch([t.pod("p", {"containers": [t.good_container("a"), ctr]})])
}

test_privileged_ephemeral_fails if {
	ctr := {"name": "debug", "image": "busybox:1", "securityContext": {"privileged": true}}
	t.paths(rule.violation) == {["spec", "ephemeralContainers", 0, "securityContext", "privileged"]} with input as t.batch([t.pod("p", {"containers": [t.good_container("a")], "ephemeralContainers": [ctr]})])
}
