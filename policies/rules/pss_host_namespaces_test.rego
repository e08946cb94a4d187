package kubelint.rules.pss_host_namespaces_test

import data.kubelint.rules.pss_host_namespaces as rule
import data.kubelint.testutil as t

test_each_host_namespace_is_a_finding if {
	spec := {"hostNetwork": true, "hostPID": true, "hostIPC": true, "containers": [t.good_container("a")]}
	t.paths(rule.violation) == {["spec", "hostNetwork"], ["spec", "hostPID"], ["spec", "hostIPC"]} with input as t.pss_pod(spec, 36, "pss-host-namespaces")
}

test_false_passes if {
	spec := {"hostNetwork": false, "containers": [t.good_container("a")]}
	count(rule.violation) == 0 with input as t.pss_pod(spec, 36, "pss-host-namespaces")
}

test_template_path if {
	d := t.deployment("d", 1, {"app": "d"}, {"hostPID": true, "containers": [t.good_container("a")]})
	t.paths(rule.violation) == {["spec", "template", "spec", "hostPID"]} with input as t.pss_batch([d], 36, ["pss-host-namespaces"])
}
