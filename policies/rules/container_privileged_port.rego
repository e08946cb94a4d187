# METADATA
# title: "Containers listen on unprivileged ports"
# description: "A containerPort below 1024 needs root or the NET_BIND_SERVICE capability in most runtimes, which a hardened container should not have; the Service can still expose port 80 or 443 through targetPort."
# custom:
#   id: container-privileged-port
#   severity: warning
#   kinds: [workloads]
#   presets: [all]
#   scope: resource
#   remediation: "Listen on a port of 1024 or above (e.g. 8080) and map the public port in the Service."
package kubelint.rules.container_privileged_port

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	some k, port in object.get(c.container, "ports", [])
	is_number(port.containerPort)
	port.containerPort < 1024
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " listens on privileged port ", format_int(port.containerPort, 10), ", which needs root or NET_BIND_SERVICE; listen on 1024 or above and map the port in the Service"]),
		"path": array.concat(c.path, ["ports", k, "containerPort"]),
	}
}
