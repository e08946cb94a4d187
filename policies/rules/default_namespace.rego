# METADATA
# title: "Objects are not put in the default namespace"
# description: "An object that names metadata.namespace: default shares the namespace every unqualified kubectl command and every forgotten namespace lands in, with its default ServiceAccount and no isolating policies. Objects that name no namespace (set at install time by Helm, Kustomize or kubectl -n) are not judged."
# custom:
#   id: default-namespace
#   severity: warning
#   kinds: []
#   wholeKinds: []
#   presets: [all]
#   scope: resource
#   remediation: "Give the application a namespace of its own."
package kubelint.rules.default_namespace

import data.kubelint.lib

violation contains v if {
	some i, obj in lib.objects
	obj.metadata.namespace == "default"
	v := {
		"index": i,
		"msg": concat("", [obj.kind, " ", lib.quote(object.get(obj.metadata, "name", "")), " is in the default namespace; give the application a namespace of its own"]),
		"path": ["metadata", "namespace"],
	}
}
