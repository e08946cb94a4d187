# METADATA
# title: "Probes target a port of their container"
# description: "An httpGet or tcpSocket probe that names its port must name one the container declares, and a string port must be a port name (the API server refuses \"8080\"). A numeric port is valid whether or not the container lists it: ports is informational, and health ports are often left out."
# custom:
#   id: probe-port
#   severity: error
#   kinds: [workloads]
#   scope: resource
#   remediation: "Name a port listed in the container's ports (or declare it), or give the port as a number."
package kubelint.rules.probe_port

import data.kubelint.lib

probe_kinds := ["livenessProbe", "readinessProbe", "startupProbe"]

# grpc.port is an integer in the API (no names), so only these handlers can name a port.
handlers := ["httpGet", "tcpSocket"]

# Keyed by container key (not a set holding the container: hashing it hashes the whole workload).
named_ports[[key, probe, handler]] := port if {
	some key, c in lib.containers
	some probe in probe_kinds
	some handler in handlers
	port := c.container[probe][handler].port
	is_string(port)
}

# Each distinct name is judged once (most containers name their probe port "http"): an object
# comprehension over named_ports itself would judge every probe's name again and keep the last.
port_names := {port | some port in named_ports}

name_problems := {port: lib.port_name_problems(port) | some port in port_names}

# A string that is not a port name: the API server refuses the object (ValidatePortNumOrName).
violation contains v if {
	some [key, probe, handler], port in named_ports
	c := lib.containers[key]
	some problem in name_problems[port]
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " ", probe, ".", handler, ".port ", lib.quote(port), " is refused by the API server: a string port must be a port name (IANA_SVC_NAME) and this one ", problem, "; write a number without quotes or name a declared port"]),
		"path": array.concat(c.path, [probe, handler, "port"]),
	}
}

# A valid name that the container does not declare: the kubelet cannot resolve it and the probe fails.
violation contains v if {
	some [key, probe, handler], port in named_ports
	c := lib.containers[key]
	count(name_problems[port]) == 0
	not declares(c.container, port)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " ", probe, ".", handler, ".port ", lib.quote(port), " names no port of the container; the probe cannot resolve it. Declare a port with that name or use the port number"]),
		"path": array.concat(c.path, [probe, handler, "port"]),
	}
}

declares(container, name) if container.ports[_].name == name
