# METADATA
# title: "Probes target a port of their container"
# description: "An httpGet, tcpSocket or grpc probe must name a port the container declares (by name or by containerPort number); otherwise the probe fails or checks the wrong process."
# custom:
#   id: probe-port
#   severity: error
#   kinds: [workloads]
#   scope: resource
#   remediation: "Point the probe at a port listed in the container's ports, or declare the port."
package kubelint.rules.probe_port

import data.kubelint.lib

probe_kinds := ["livenessProbe", "readinessProbe", "startupProbe"]

handlers := ["httpGet", "tcpSocket", "grpc"]

violation contains v if {
	some c in lib.containers
	some probe in probe_kinds
	some handler in handlers
	port := c.container[probe][handler].port
	not declares(c.container, port)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " ", probe, ".", handler, ".port ", port_text(port), " is not among the container's ports; use a declared port or add it to ports"]),
		"path": array.concat(c.path, [probe, handler, "port"]),
	}
}

declares(container, port) if {
	is_string(port)
	container.ports[_].name == port
}

declares(container, port) if {
	is_number(port)
	container.ports[_].containerPort == port
}

# A numeric string ("8080") is how some templates render numbers; it is matched as the number.
declares(container, port) if {
	is_string(port)
	container.ports[_].containerPort == to_number(port)
}

port_text(port) := lib.quote(port) if is_string(port)

port_text(port) := format_int(port, 10) if is_number(port)
