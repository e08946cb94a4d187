# METADATA
# title: "Pod Security: no Windows HostProcess containers"
# description: "PodSecurity baseline control windowsHostProcess: securityContext.windowsOptions.hostProcess (pod or container) must be unset or false; a HostProcess container is privileged on the node."
# custom:
#   id: pss-windows-host-process
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [recommended, pss-baseline, pss-restricted]
#   podSecurity: {control: windowsHostProcess, level: baseline}
#   remediation: "Remove windowsOptions.hostProcess: true."
package kubelint.rules.pss_windows_host_process

import data.kubelint.lib

violation contains v if {
	some w in lib.workloads
	w.spec.securityContext.windowsOptions.hostProcess == true
	some ctx in lib.pss_contexts(w, "windowsHostProcess")
	detail := concat("", [lib.describe_workload(w), " must not set securityContext.windowsOptions.hostProcess=true"])
	fields := lib.pss_pod_fields(array.concat(w.spec_path, ["securityContext", "windowsOptions", "hostProcess"]), ["true"])
	v := lib.pss_violation(w, ctx, "windowsHostProcess", "hostProcess", detail, fields)
}

violation contains v if {
	some c in lib.containers
	c.sc.windowsOptions.hostProcess == true
	some ctx in lib.pss_contexts(c.workload, "windowsHostProcess")
	detail := concat("", [lib.pss_subject(c), " must not set securityContext.windowsOptions.hostProcess=true"])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "windowsOptions", "hostProcess"]), ["true"])
	v := lib.pss_violation(c.workload, ctx, "windowsHostProcess", "hostProcess", detail, fields)
}
