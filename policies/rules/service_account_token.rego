# METADATA
# title: "Pods do not mount a service-account token they do not need"
# description: "A pod must set automountServiceAccountToken: false (or use a ServiceAccount of the batch that sets it to false, the pod spec being silent) unless the workload opts in with the annotation kubelint.io/service-account-token: required (on the workload's metadata or its pod template). An explicit automountServiceAccountToken: true is a deliberate choice and reported at info at most."
# custom:
#   id: service-account-token
#   severity: warning
#   kinds: [workloads]
#   scope: batch
#   reads: [ServiceAccount]
#   fields: ["podspec.automountServiceAccountToken", "podspec.serviceAccountName", "metadata.annotations", "podmeta.annotations", "automountServiceAccountToken"]
#   remediation: "Set automountServiceAccountToken: false in the pod spec, or annotate the workload with kubelint.io/service-account-token: required if it calls the Kubernetes API."
package kubelint.rules.service_account_token

import data.kubelint.lib

opt_in_annotation := "kubelint.io/service-account-token"

violation contains v if {
	some w in lib.workloads
	not has_automount_field(w.spec)
	not account_disables_automount(w)
	not opted_in(w)
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " mounts a service-account token (automountServiceAccountToken is not false); set it to false, or annotate the workload with ", opt_in_annotation, ": required if it calls the Kubernetes API"]),
		"path": array.concat(w.spec_path, ["automountServiceAccountToken"]),
	}
}

# An explicit true is a deliberate choice: said at info, with how to record why.
violation contains v if {
	some w in lib.workloads
	w.spec.automountServiceAccountToken == true
	not opted_in(w)
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " sets automountServiceAccountToken: true, so its pods get a service-account token; if it calls the Kubernetes API, record that with the annotation ", opt_in_annotation, ": required (this note then goes away)"]),
		"path": array.concat(w.spec_path, ["automountServiceAccountToken"]),
		"atMost": "info",
	}
}

opted_in(w) if w.object.metadata.annotations[opt_in_annotation] == "required"

opted_in(w) if {
	meta := lib.pod_meta(w.object)
	meta.annotations[opt_in_annotation] == "required"
}

# With the pod spec silent, a ServiceAccount of the batch that sets automountServiceAccountToken: false decides.
account_disables_automount(w) if {
	not has_automount_field(w.spec)
	[w.namespace, object.get(w.spec, "serviceAccountName", "default")] in accounts_without_automount
}

has_automount_field(spec) if _ = spec.automountServiceAccountToken

accounts_without_automount contains [lib.namespace(sa), sa.metadata.name] if {
	some sa in lib.objects
	sa.kind == "ServiceAccount"
	sa.automountServiceAccountToken == false
}
