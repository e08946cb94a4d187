# METADATA
# title: "Pod Security: only safe sysctls"
# description: "PodSecurity baseline control sysctls: spec.securityContext.sysctls may only name the safe sysctls of the policy version (the list grows in v1.27, v1.29, v1.32 and v1.37)."
# custom:
#   id: pss-sysctls
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [recommended, pss-baseline, pss-restricted]
#   podSecurity: {control: sysctls, level: baseline}
#   remediation: "Remove the sysctl, or run the pod in a namespace whose Pod Security level is privileged."
package kubelint.rules.pss_sysctls

import data.kubelint.lib

# The safe set grows with the policy version.
safe_since := {
	"kernel.shm_rmid_forced": 0,
	"net.ipv4.ip_local_port_range": 0,
	"net.ipv4.tcp_syncookies": 0,
	"net.ipv4.ping_group_range": 0,
	"net.ipv4.ip_unprivileged_port_start": 0,
	"net.ipv4.ip_local_reserved_ports": 27,
	"net.ipv4.tcp_keepalive_time": 29,
	"net.ipv4.tcp_fin_timeout": 29,
	"net.ipv4.tcp_keepalive_intvl": 29,
	"net.ipv4.tcp_keepalive_probes": 29,
	"net.ipv4.tcp_rmem": 32,
	"net.ipv4.tcp_wmem": 32,
	"net.ipv4.tcp_slow_start_after_idle": 37,
	"net.ipv4.tcp_notsent_lowat": 37,
}

safe(name, version) if version >= safe_since[name]

violation contains v if {
	some w in lib.workloads
	some i, sysctl in object.get(object.get(w.spec, "securityContext", {}), "sysctls", [])
	name := object.get(sysctl, "name", "")
	some ctx in lib.pss_contexts(w, "sysctls")
	not safe(name, ctx.version)
	detail := concat("", [lib.describe_workload(w), " must not set sysctl ", name])
	fields := lib.pss_pod_fields(array.concat(w.spec_path, ["securityContext", "sysctls", i, "name"]), [name])
	v := lib.pss_violation(w, ctx, "sysctls", "forbidden sysctls", detail, fields)
}
