package kubelint.rules.pss_windows_host_process_test

import data.kubelint.rules.pss_windows_host_process as rule
import data.kubelint.testutil as t

test_pod_and_container if {
	spec := {
		"securityContext": {"windowsOptions": {"hostProcess": true}},
		"containers": [{"name": "c", "image": "i:1", "securityContext": {"windowsOptions": {"hostProcess": true}}}, {"name": "d", "image": "i:1", "securityContext": {"windowsOptions": {"hostProcess": false}}}],
	}
	t.paths(rule.violation) == {
		["spec", "securityContext", "windowsOptions", "hostProcess"],
		["spec", "containers", 0, "securityContext", "windowsOptions", "hostProcess"],
	} with input as t.pss_pod(spec, 36, "pss-windows-host-process")
}
