# METADATA
# title: "Referenced ServiceAccounts exist"
# description: "A pod's serviceAccountName must name a ServiceAccount of its namespace; otherwise the API server refuses to create the pods. Judged only when the batch holds at least one ServiceAccount in that namespace; \"default\" always exists."
# custom:
#   id: serviceaccount-missing
#   severity: error
#   kinds: [workloads]
#   presets: [recommended]
#   scope: batch
#   reads: [ServiceAccount]
#   fields: ["podspec.serviceAccountName", "podspec.serviceAccount"]
#   remediation: "Fix serviceAccountName, or add the ServiceAccount."
package kubelint.rules.serviceaccount_missing

import data.kubelint.lib

accounts[lib.namespace(obj)] contains object.get(obj.metadata, "name", "") if {
	some obj in lib.objects
	obj.kind == "ServiceAccount"
}

violation contains v if {
	lib.known_kind("ServiceAccount")
	some w in lib.workloads
	some field in ["serviceAccountName", "serviceAccount"]
	name := w.spec[field]
	not shadowed(w, field)
	name != "default"
	names := accounts[w.namespace]
	not names[name]
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " runs as ServiceAccount ", lib.quote(name), ", which is not in namespace ", lib.quote(w.namespace), " of this batch; fix ", field, " or add the ServiceAccount"]),
		"path": array.concat(w.spec_path, [field]),
	}
}

# The deprecated serviceAccount field counts only when serviceAccountName is unset.
shadowed(w, "serviceAccount") if w.spec.serviceAccountName
