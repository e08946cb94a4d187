package kubelint.rules.no_privilege_escalation_test

import data.kubelint.rules.no_privilege_escalation as rule
import data.kubelint.testutil as t

test_compliant if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", t.good_pod_spec)])
}

test_missing_and_true_fail if {
	missing := json.remove(t.good_container("a"), ["securityContext/allowPrivilegeEscalation"])
	allowed := json.patch(t.good_container("b"), [{"op": "replace", "path": "/securityContext/allowPrivilegeEscalation", "value": true}])
	t.paths(rule.violation) == {
		["spec", "containers", 0, "securityContext", "allowPrivilegeEscalation"],
		["spec", "containers", 1, "securityContext", "allowPrivilegeEscalation"],
	} with input as t.batch([t.pod("p", {"containers": [missing, allowed]})])
}

test_windows_pod_gets_no_linux_only_advice if {
	spec := {"os": {"name": "windows"}, "containers": [{"name": "a", "image": "i:1"}]}
	count(rule.violation) == 0 with input as t.batch([t.pod("p", spec)])
	count(rule.violation) > 0 with input as t.batch([t.pod("p", object.remove(spec, ["os"]))])
}
