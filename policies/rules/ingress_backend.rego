# METADATA
# title: "Ingress backends exist"
# description: "Every Service an Ingress routes to (rules and defaultBackend) must be in the batch, in the Ingress's namespace, with the port the backend names (by number or by name); otherwise the route answers 503."
# custom:
#   id: ingress-backend
#   severity: warning
#   kinds: [Ingress]
#   presets: [recommended]
#   scope: batch
#   reads: [Service]
#   fields: ["spec.ports", "spec.type", "spec.defaultBackend", "spec.rules"]
#   remediation: "Fix the backend's service name or port, or add the Service."
package kubelint.rules.ingress_backend

import data.kubelint.lib

# [namespace, name] of every Service (a set: a batch may hold one twice, e.g. duplicates).
services contains [lib.namespace(svc), object.get(svc.metadata, "name", "")] if {
	some svc in lib.objects
	svc.kind == "Service"
}

# Ports of the Services by [namespace, name]; ExternalName Services are not port-checked.
service_ports[[lib.namespace(svc), object.get(svc.metadata, "name", "")]] contains p if {
	some svc in lib.objects
	svc.kind == "Service"
	some p in object.get(svc.spec, "ports", [])
}

external_names contains [lib.namespace(svc), object.get(svc.metadata, "name", "")] if {
	some svc in lib.objects
	svc.kind == "Service"
	svc.spec.type == "ExternalName"
}

backends contains [i, path, b.service] if {
	some i, ing in lib.objects
	ing.kind == "Ingress"
	b := ing.spec.defaultBackend
	path := ["spec", "defaultBackend", "service"]
}

backends contains [i, path, p.backend.service] if {
	some i, ing in lib.objects
	ing.kind == "Ingress"
	some r, rule in object.get(ing.spec, "rules", [])
	some k, p in object.get(object.get(rule, "http", {}), "paths", [])
	path := ["spec", "rules", r, "http", "paths", k, "backend", "service"]
}

violation contains v if {
	lib.known_kind("Service")
	some [i, path, ref] in backends
	ing := lib.objects[i]
	ns := lib.namespace(ing)
	not [ns, ref.name] in services
	v := {
		"index": i,
		"msg": concat("", ["Ingress ", lib.quote(ing.metadata.name), " routes to Service ", lib.quote(ref.name), ", which is not in namespace ", lib.quote(ns), " of this batch; fix the service name or add the Service"]),
		"path": array.concat(path, ["name"]),
	}
}

violation contains v if {
	some [i, path, ref] in backends
	ing := lib.objects[i]
	service := [lib.namespace(ing), ref.name]
	services[service]
	not external_names[service]
	[field, wanted] := port_ref(ref.port)
	not port_declared(service, field, wanted)
	v := {
		"index": i,
		"msg": concat("", ["Ingress ", lib.quote(ing.metadata.name), " routes to port ", to_text(wanted), " of Service ", lib.quote(ref.name), ", which declares no such port; use one of its spec.ports"]),
		"path": array.concat(path, ["port", field]),
	}
}

port_ref(port) := ["number", port.number] if port.number

port_ref(port) := ["name", port.name] if port.name

port_declared(service, "number", n) if {
	some p in service_ports[service]
	p.port == n
}

port_declared(service, "name", name) if {
	some p in service_ports[service]
	p.name == name
}

to_text(x) := x if is_string(x)

to_text(x) := format_int(x, 10) if is_number(x)
