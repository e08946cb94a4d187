# Kubernetes name syntax that rules share, as k8s.io/apimachinery/pkg/util/validation defines it.
package kubelint.lib

# IsValidPortName (IANA_SVC_NAME, RFC 6335): what is wrong with a port name; empty when valid.
# The texts are the API server's own.
port_name_problems(name) := {p | some n in numbers.range(1, 5); p := _port_name_problem(name, n)}

_port_name_problem(name, 1) := "must be no more than 15 characters" if count(name) > 15

_port_name_problem(name, 2) := "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)" if {
	not regex.match(`^[-a-z0-9]+$`, name)
}

_port_name_problem(name, 3) := "must not contain consecutive hyphens" if contains(name, "--")

_port_name_problem(name, 4) := "must contain at least one letter (a-z)" if not regex.match(`[a-z]`, name)

_port_name_problem(name, 5) := "must not begin or end with a hyphen" if regex.match(`^-|-$`, name)
