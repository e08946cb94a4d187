package kubelint.rules.pss_restricted_volumes_test

import data.kubelint.rules.pss_restricted_volumes as rule
import data.kubelint.testutil as t

test_restricted_types if {
	spec := {"containers": [t.good_container("a")], "volumes": [
		{"name": "a", "nfs": {"server": "s", "path": "/"}},
		{"name": "b"},
		{"name": "c", "configMap": {"name": "x"}, "hostPath": {"path": "/"}},
		{"name": "d", "image": {"reference": "r"}},
		{"name": "e", "hostPath": {"path": "/"}},
	]}
	t.paths(rule.violation) == {["spec", "volumes", 0, "nfs"], ["spec", "volumes", 4, "hostPath"]} with input as t.pss_pod(spec, 36, "pss-restricted-volumes")
}
