# METADATA
# title: "Pod Security: no host ports"
# description: "PodSecurity baseline control hostPorts: containers[*].ports[*].hostPort must be unset or 0."
# custom:
#   id: pss-host-ports
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [recommended, pss-baseline, pss-restricted]
#   podSecurity: {control: hostPorts, level: baseline}
#   remediation: "Remove hostPort and expose the port through a Service."
package kubelint.rules.pss_host_ports

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	some pos, port in object.get(c.container, "ports", [])
	not object.get(port, "hostPort", 0) in {0, null}
	some ctx in lib.pss_contexts(c.workload, "hostPorts")
	value := format_int(port.hostPort, 10)
	detail := concat("", [lib.pss_subject(c), " uses hostPort ", value])
	fields := lib.pss_fields(c, array.concat(c.path, ["ports", pos, "hostPort"]), [value])
	v := lib.pss_violation(c.workload, ctx, "hostPorts", "hostPort", detail, fields)
}

# A Pod with hostNetwork: true gets hostPort defaulted to containerPort (since v1.28 only Pods, not
# templates) before admission sees it.
violation contains v if {
	some c in lib.containers
	c.workload.kind == "Pod"
	c.workload.spec.hostNetwork == true
	c.group in {"containers", "initContainers"}
	some pos, port in object.get(c.container, "ports", [])
	object.get(port, "hostPort", 0) in {0, null}
	object.get(port, "containerPort", 0) != 0
	some ctx in lib.pss_contexts(c.workload, "hostPorts")
	value := format_int(port.containerPort, 10)
	detail := concat("", [lib.pss_subject(c), " uses hostPort ", value, " (defaulted to the containerPort because of hostNetwork: true)"])
	fields := lib.pss_fields(c, array.concat(c.path, ["ports", pos, "containerPort"]), [value])
	v := lib.pss_violation(c.workload, ctx, "hostPorts", "hostPort", detail, fields)
}
