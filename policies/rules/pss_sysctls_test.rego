package kubelint.rules.pss_sysctls_test

import data.kubelint.rules.pss_sysctls as rule
import data.kubelint.testutil as t

spec(names) := {"securityContext": {"sysctls": [{"name": n, "value": "1"} | some n in names]}, "containers": [t.good_container("a")]}

test_safe_set_grows if {
	count(rule.violation) == 1 with input as t.pss_pod(spec(["net.ipv4.ip_local_reserved_ports"]), 26, "pss-sysctls")
	count(rule.violation) == 0 with input as t.pss_pod(spec(["net.ipv4.ip_local_reserved_ports"]), 27, "pss-sysctls")
	count(rule.violation) == 1 with input as t.pss_pod(spec(["net.ipv4.tcp_fin_timeout"]), 28, "pss-sysctls")
	count(rule.violation) == 0 with input as t.pss_pod(spec(["net.ipv4.tcp_fin_timeout"]), 29, "pss-sysctls")
	count(rule.violation) == 1 with input as t.pss_pod(spec(["net.ipv4.tcp_wmem"]), 31, "pss-sysctls")
	count(rule.violation) == 0 with input as t.pss_pod(spec(["net.ipv4.tcp_wmem"]), 32, "pss-sysctls")
	count(rule.violation) == 1 with input as t.pss_pod(spec(["net.ipv4.tcp_notsent_lowat"]), 36, "pss-sysctls")
	count(rule.violation) == 0 with input as t.pss_pod(spec(["net.ipv4.tcp_notsent_lowat"]), 37, "pss-sysctls")
}

test_unsafe_path if {
	t.paths(rule.violation) == {["spec", "securityContext", "sysctls", 1, "name"]} with input as t.pss_pod(spec(["kernel.shm_rmid_forced", "vm.max_map_count"]), 36, "pss-sysctls")
}
