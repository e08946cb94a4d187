package kubelint.rules.pss_proc_mount_test

import data.kubelint.rules.pss_proc_mount as rule
import data.kubelint.testutil as t

ctr(pm) := {"name": "c", "image": "i:1", "securityContext": {"procMount": pm}}

test_unmasked_fails_default_passes if {
	spec := {"containers": [ctr("Unmasked"), object.union(ctr("Default"), {"name": "d"})]}
	t.paths(rule.violation) == {["spec", "containers", 0, "securityContext", "procMount"]} with input as t.pss_pod(spec, 36, "pss-proc-mount")
}

test_user_namespace_relaxes_from_1_35 if {
	spec := {"hostUsers": false, "containers": [ctr("Unmasked")]}
	count(rule.violation) == 1 with input as t.pss_pod(spec, 34, "pss-proc-mount")
	count(rule.violation) == 0 with input as t.pss_pod(spec, 35, "pss-proc-mount")
}
