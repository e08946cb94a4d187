package kubelint.rules.pss_proc_mount_restricted_test

import data.kubelint.rules.pss_proc_mount_restricted as rule
import data.kubelint.testutil as t

spec := {"hostUsers": false, "containers": [{"name": "c", "image": "i:1", "securityContext": {"procMount": "Unmasked"}}]}

test_from_1_35_without_relaxation if {
	count(rule.violation) == 0 with input as t.pss_pod(spec, 34, "pss-proc-mount-restricted")
	count(rule.violation) == 1 with input as t.pss_pod(spec, 35, "pss-proc-mount-restricted")
}
