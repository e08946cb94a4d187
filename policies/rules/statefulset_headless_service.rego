# METADATA
# title: "StatefulSets have their headless Service"
# description: "spec.serviceName of a StatefulSet names the headless Service (clusterIP: None) that gives its pods stable DNS names. Reported when that Service is in the batch but not headless, or missing while the batch holds other Services of the namespace."
# custom:
#   id: statefulset-headless-service
#   severity: warning
#   kinds: [StatefulSet]
#   presets: [recommended]
#   scope: batch
#   reads: [Service]
#   fields: ["spec.serviceName", "spec.clusterIP"]
#   remediation: "Add a Service of that name with clusterIP: None selecting the StatefulSet's pods, or fix spec.serviceName."
package kubelint.rules.statefulset_headless_service

import data.kubelint.lib

# [namespace, name] of every Service, and of the headless ones (sets: a batch may hold one twice).
services contains [lib.namespace(obj), object.get(obj.metadata, "name", "")] if {
	some obj in lib.objects
	obj.kind == "Service"
}

headless contains [lib.namespace(obj), object.get(obj.metadata, "name", "")] if {
	some obj in lib.objects
	obj.kind == "Service"
	obj.spec.clusterIP == "None"
}

namespaces_with_services contains ns if some [ns, _] in services

violation contains v if {
	lib.known_kind("Service")
	some w in lib.workloads
	w.kind == "StatefulSet"
	name := w.object.spec.serviceName
	name != ""
	namespaces_with_services[w.namespace]
	problem := issue([w.namespace, name])
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " names Service ", lib.quote(name), " in spec.serviceName, ", problem]),
		"path": ["spec", "serviceName"],
	}
}

issue(service) := "which is not in the namespace of this batch; add it with clusterIP: None or fix the name" if not service in services

issue(service) := "which is not headless; set its clusterIP: None" if {
	service in services
	not service in headless
}
