package kubelint.rules.pss_host_path_volumes_test

import data.kubelint.rules.pss_host_path_volumes as rule
import data.kubelint.testutil as t

test_host_path_volume if {
	spec := {"containers": [t.good_container("a")], "volumes": [{"name": "e", "emptyDir": {}}, {"name": "h", "hostPath": {"path": "/"}}]}
	t.paths(rule.violation) == {["spec", "volumes", 1, "hostPath"]} with input as t.pss_pod(spec, 36, "pss-host-path-volumes")
}

test_null_host_path_passes if {
	spec := {"containers": [t.good_container("a")], "volumes": [{"name": "h", "hostPath": null}]}
	count(rule.violation) == 0 with input as t.pss_pod(spec, 36, "pss-host-path-volumes")
}
