# METADATA
# title: "Named Service targetPorts exist in the pods"
# description: "A Service port whose targetPort is a name must find a container port of that name in the pods it selects; otherwise those pods get no traffic on it. Judged only when the Service selects workloads in the batch (else selector-dangling applies); numeric targetPorts need no declaration."
# custom:
#   id: service-target-port
#   severity: error
#   kinds: [Service]
#   presets: [recommended]
#   scope: batch
#   reads: [workloads]
#   fields: ["spec.selector", "spec.ports", "podspec.containers.*.ports", "podspec.initContainers.*.ports", "podmeta.labels", "spec.manualSelector", "spec.completionMode", "spec.jobTemplate.spec.completionMode"]
#   remediation: "Name the container port like the targetPort (ports[].name), or use the port number."
package kubelint.rules.service_target_port

import data.kubelint.lib

violation contains v if {
	some i, svc in lib.objects
	svc.kind == "Service"
	count(object.get(svc.spec, "selector", {})) > 0
	workloads := lib.selected_workloads(lib.namespace(svc), {"matchLabels": svc.spec.selector})
	some w in workloads
	some k, port in object.get(svc.spec, "ports", [])
	is_string(port.targetPort)
	not names_port(w, port.targetPort)
	v := {
		"index": i,
		"msg": concat("", ["Service ", lib.quote(svc.metadata.name), " targets port ", lib.quote(port.targetPort), ", but ", lib.describe_workload(w), " has no container port of that name; name the container port or use its number"]),
		"path": ["spec", "ports", k, "targetPort"],
	}
}

names_port(w, name) if {
	some group in ["containers", "initContainers"]
	some ctr in object.get(w.spec, group, [])
	some p in object.get(ctr, "ports", [])
	p.name == name
}
