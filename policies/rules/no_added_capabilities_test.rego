package kubelint.rules.no_added_capabilities_test

import data.kubelint.rules.no_added_capabilities as rule
import data.kubelint.testutil as t

adding(caps) := {"containers": [json.patch(t.good_container("a"), [{"op": "add", "path": "/securityContext/capabilities/add", "value": caps}])]}

test_default_allowlist if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", adding(["NET_BIND_SERVICE", "CAP_NET_BIND_SERVICE"]))])
}

test_disallowed_capability_points_at_entry if {
	t.paths(rule.violation) == {["spec", "containers", 0, "securityContext", "capabilities", "add", 1]} with input as t.batch([t.pod("p", adding(["NET_BIND_SERVICE", "SYS_ADMIN"]))])
}

test_configured_allowlist_replaces_default if {
	vs := rule.violation with input as t.with_params([t.pod("p", adding(["NET_BIND_SERVICE", "NET_RAW"]))], {"no-added-capabilities": {"allowed": ["net_raw"]}})
	t.paths(vs) == {["spec", "containers", 0, "securityContext", "capabilities", "add", 0]}
}
