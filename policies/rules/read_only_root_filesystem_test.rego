package kubelint.rules.read_only_root_filesystem_test

import data.kubelint.rules.read_only_root_filesystem as rule
import data.kubelint.testutil as t

test_compliant if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", t.good_pod_spec)])
}

test_false_fails if {
	ctr := json.patch(t.good_container("a"), [{"op": "replace", "path": "/securityContext/readOnlyRootFilesystem", "value": false}])
	t.paths(rule.violation) == {["spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"]} with input as t.batch([t.pod("p", {"containers": [ctr]})])
}

test_windows_pod_gets_no_linux_only_advice if {
	spec := {"os": {"name": "windows"}, "containers": [{"name": "a", "image": "i:1"}]}
	count(rule.violation) == 0 with input as t.batch([t.pod("p", spec)])
	count(rule.violation) > 0 with input as t.batch([t.pod("p", object.remove(spec, ["os"]))])
}
