# METADATA
# title: "Roles do not write admission configuration"
# description: "Whoever can create, change or delete MutatingWebhookConfigurations, ValidatingWebhookConfigurations or ValidatingAdmissionPolicies (and their bindings) can switch off admission control or intercept every object sent to the API server."
# custom:
#   id: rbac-webhook-config-write
#   severity: warning
#   kinds: [Role, ClusterRole]
#   presets: [recommended]
#   scope: resource
#   remediation: "Keep write access to admission configuration for cluster administrators; a webhook that manages its own configuration should restrict the rule with resourceNames."
package kubelint.rules.rbac_webhook_config_write

import data.kubelint.lib

admission_resources := [
	"mutatingwebhookconfigurations",
	"validatingwebhookconfigurations",
	"validatingadmissionpolicies",
	"validatingadmissionpolicybindings",
	"mutatingadmissionpolicies",
	"mutatingadmissionpolicybindings",
]

violation contains v if {
	some r in lib.rbac_rules
	count(object.get(r.rule, "resourceNames", [])) == 0
	g := lib.rbac_grant(r, "admissionregistration.k8s.io", admission_resources, ["create", "update", "patch", "delete", "deletecollection"])
	v := {
		"index": r.index,
		"msg": concat("", [r.role, " ", r.where, " grants ", g.verb, " on ", g.resource, ", which can switch off or intercept admission; keep it to cluster administrators"]),
		"path": g.path,
	}
}
