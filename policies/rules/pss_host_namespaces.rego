# METADATA
# title: "Pod Security: no host namespaces"
# description: "PodSecurity baseline control hostNamespaces: spec.hostNetwork, spec.hostPID and spec.hostIPC must be unset or false."
# custom:
#   id: pss-host-namespaces
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-baseline, pss-restricted]
#   podSecurity: {control: hostNamespaces, level: baseline}
#   remediation: "Remove hostNetwork/hostPID/hostIPC: true, or run the pod in a namespace whose Pod Security level is privileged."
package kubelint.rules.pss_host_namespaces

import data.kubelint.lib

violation contains v if {
	some w in lib.workloads
	some field in ["hostNetwork", "hostPID", "hostIPC"]
	w.spec[field] == true
	some ctx in lib.pss_contexts(w, "hostNamespaces")
	detail := concat("", [lib.describe_workload(w), " must not set ", field, "=true"])
	fields := lib.pss_pod_fields(array.concat(w.spec_path, [field]), [concat("", [field, "=true"])])
	v := lib.pss_violation(w, ctx, "hostNamespaces", "host namespaces", detail, fields)
}
