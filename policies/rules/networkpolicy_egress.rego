# METADATA
# title: "Workloads have restricted egress"
# description: "Every workload's pods must be selected by at least one NetworkPolicy in their namespace that restricts egress (policyTypes includes Egress, or egress rules with no policyTypes); a default-deny egress policy (podSelector: {}) counts."
# custom:
#   id: networkpolicy-egress
#   severity: error
#   presets: {recommended: warning}
#   kinds: [workloads]
#   scope: batch
#   reads: [NetworkPolicy]
#   fields: ["podspec.hostNetwork", "spec.policyTypes", "spec.egress", "spec.podSelector", "podmeta.labels", "spec.manualSelector", "spec.completionMode", "spec.jobTemplate.spec.completionMode"]
#   remediation: "Add a NetworkPolicy with policyTypes: [Egress] selecting the pods (a namespace-wide default-deny egress plus explicit allows is best)."
package kubelint.rules.networkpolicy_egress

import data.kubelint.lib

violation contains v if {
	some w in lib.workloads
	not lib.host_network(w)
	not lib.egress_restricted(w)
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " has unrestricted egress: no NetworkPolicy in namespace ", lib.quote(w.namespace), " with policyTypes [Egress] selects its pods; add one (e.g. a default-deny egress policy plus the destinations it needs)"]),
		"path": ["metadata", "name"],
	}
}

# Said once per host-network workload, at info: its egress cannot be restricted by a NetworkPolicy.
violation contains v if {
	some w in lib.workloads
	lib.host_network(w)
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " uses the host network (hostNetwork: true): NetworkPolicies do not apply to its pods, so kubelint's NetworkPolicy rules skip it; restrict its traffic on the node (host firewall) if needed"]),
		"path": array.concat(w.spec_path, ["hostNetwork"]),
		"atMost": "info",
	}
}
