# METADATA
# title: "Service types are on the allowlist"
# description: "A NodePort Service opens a port on every node, a LoadBalancer Service usually an address outside the cluster: reported unless the type is in the allowed list (default ClusterIP and ExternalName), so exposure is a reviewed decision."
# custom:
#   id: service-type
#   severity: warning
#   kinds: [Service]
#   presets: [all]
#   scope: resource
#   options:
#     allowed:
#       description: "Service types that pass (ClusterIP also covers headless Services)."
#       type: "array"
#       items: {"type": "string", "enum": ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]}
#       uniqueItems: true
#       default: ["ClusterIP", "ExternalName"]
#   remediation: "Use a ClusterIP Service behind an Ingress or Gateway, or add the type to the rule's allowed list."
package kubelint.rules.service_type

import data.kubelint.lib

violation contains v if {
	some i, svc in lib.objects
	svc.kind == "Service"
	type := object.get(svc.spec, "type", "ClusterIP")
	allowed := lib.option(rego.metadata.chain(), "allowed")
	not type in allowed
	v := {
		"index": i,
		"msg": concat("", ["Service ", lib.quote(object.get(svc.metadata, "name", "")), " has type ", type, ", which is not among the allowed types (", concat(", ", allowed), "); use a ClusterIP Service behind an Ingress or Gateway"]),
		"path": ["spec", "type"],
	}
}
