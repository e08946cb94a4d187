# METADATA
# title: "Services do not set externalIPs"
# description: "spec.externalIPs makes every node route traffic for those addresses to the Service, so whoever can create Services can intercept traffic to any IP (CVE-2020-8554)."
# custom:
#   id: service-external-ips
#   severity: warning
#   kinds: [Service]
#   presets: [recommended]
#   scope: resource
#   remediation: "Remove spec.externalIPs and expose the Service through a LoadBalancer, an Ingress or a Gateway."
package kubelint.rules.service_external_ips

import data.kubelint.lib

violation contains v if {
	some i, svc in lib.objects
	svc.kind == "Service"
	count(object.get(svc.spec, "externalIPs", [])) > 0
	v := {
		"index": i,
		"msg": concat("", ["Service ", lib.quote(object.get(svc.metadata, "name", "")), " sets spec.externalIPs (", concat(", ", svc.spec.externalIPs), "), which lets Services intercept traffic to any address (CVE-2020-8554); expose it through a LoadBalancer or an Ingress"]),
		"path": ["spec", "externalIPs"],
	}
}
