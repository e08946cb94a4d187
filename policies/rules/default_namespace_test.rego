package kubelint.rules.default_namespace_test

import data.kubelint.rules.default_namespace as rule
import data.kubelint.testutil as t

in_ns(obj, ns) := json.patch(obj, [{"op": "add", "path": "/metadata/namespace", "value": ns}])

test_explicit_default_fails if {
	t.paths(rule.violation) == {["metadata", "namespace"]} with input as t.batch([in_ns(t.pod("p", t.good_pod_spec), "default")])
}

test_unset_and_other_pass if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", t.good_pod_spec), in_ns(t.pod("q", t.good_pod_spec), "shop")])
}
