# METADATA
# title: "Workloads are isolated for ingress"
# description: "Every workload's pods must be selected by at least one NetworkPolicy in their namespace that restricts ingress (policyTypes includes Ingress, or policyTypes is unset, which always means Ingress); otherwise any pod in the cluster can connect to them. A default-deny policy (podSelector: {}) counts."
# custom:
#   id: networkpolicy-ingress
#   severity: warning
#   kinds: [workloads]
#   presets: [all]
#   scope: batch
#   reads: [NetworkPolicy]
#   fields: ["spec.policyTypes", "spec.podSelector", "podmeta.labels", "spec.manualSelector", "spec.completionMode", "spec.jobTemplate.spec.completionMode"]
#   remediation: "Add a NetworkPolicy selecting the pods with policyTypes: [Ingress] (a namespace-wide default-deny plus explicit allows is best)."
package kubelint.rules.networkpolicy_ingress

import data.kubelint.lib

# A policy isolates ingress when policyTypes lists Ingress or is unset (the API server then
# always includes Ingress).
restricts_ingress(np) if "Ingress" in np.spec.policyTypes

restricts_ingress(np) if not np.spec.policyTypes

isolated contains w.index if {
	some np in lib.objects
	np.kind == "NetworkPolicy"
	restricts_ingress(np)
	some w in lib.selected_workloads(lib.namespace(np), object.get(np.spec, "podSelector", {}))
}

violation contains v if {
	some w in lib.workloads
	not isolated[w.index]
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " accepts connections from any pod: no NetworkPolicy in namespace ", lib.quote(w.namespace), " restricts ingress to its pods; add one (e.g. a default-deny ingress policy plus the sources it needs)"]),
		"path": ["metadata", "name"],
	}
}
