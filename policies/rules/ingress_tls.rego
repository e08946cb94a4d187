# METADATA
# title: "Ingresses serve TLS"
# description: "An Ingress without spec.tls serves its hosts over plain HTTP."
# custom:
#   id: ingress-tls
#   severity: warning
#   kinds: [Ingress]
#   presets: [all]
#   scope: resource
#   remediation: "Add spec.tls with the hosts and the Secret holding their certificate (cert-manager can issue it)."
package kubelint.rules.ingress_tls

import data.kubelint.lib

violation contains v if {
	some i, ing in lib.objects
	ing.kind == "Ingress"
	count(object.get(object.get(ing, "spec", {}), "tls", [])) == 0
	v := {
		"index": i,
		"msg": concat("", ["Ingress ", lib.quote(object.get(ing.metadata, "name", "")), " has no spec.tls, so it serves plain HTTP; add spec.tls with a certificate Secret"]),
		"path": ["spec", "tls"],
	}
}
