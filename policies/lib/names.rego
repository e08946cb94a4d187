# Kubernetes name syntax that rules share, as k8s.io/apimachinery/pkg/util/validation defines it.
package kubelint.lib

# IsValidPortName (IANA_SVC_NAME, RFC 6335): what is wrong with a port name; empty when valid.
# The texts are the API server's own.
port_name_problems(name) := {p | some n in numbers.range(1, 5); p := _port_name_problem(name, n)}

_port_name_problem(name, 1) := "must be no more than 15 characters" if count(name) > 15

_port_name_problem(name, 2) := "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)" if {
	not lower_alnum_or_hyphen(name)
}

_port_name_problem(name, 3) := "must not contain consecutive hyphens" if contains(name, "--")

_port_name_problem(name, 4) := "must contain at least one letter (a-z)" if not has_lower_letter(name)

_port_name_problem(name, 5) := "must not begin or end with a hyphen" if hyphen_at_an_end(name)

# Character classes without regex.match: the compiled (wasm) policy compiles a pattern afresh in
# every evaluation (its regex cache lives in the per-evaluation heap), and compiling the label and
# port name patterns cost a webhook review more than all the rules' own logic. `trim(s, set) == ""`
# holds when every character of s is in set; the wasm trim scans the set for each character, so
# the sets list the commonest characters first. names_test.rego holds these to the patterns they
# replace.
lower_letters := "etaoinsrhldcumfpgwybvkxjqz"

# [-a-z0-9]
lower_alnum_hyphen := "etaoinsrhldcumfpgwybvkxjqz-0123456789"

# [-a-z0-9.]
dns_characters := "etaoinsrhldcumfpgwybvkxjqz-.0123456789"

# [-A-Za-z0-9_.]
label_characters := "etaoinsrhldcumfpgwybvkxjqz-.0123456789_ETAOINSRHLDCUMFPGWYBVKXJQZ"

# ^[-a-z0-9]+$
lower_alnum_or_hyphen(s) if {
	s != ""
	trim(s, lower_alnum_hyphen) == ""
}

# [a-z] anywhere: in a string of [-a-z0-9] (most port names), any character but - and digits.
has_lower_letter(s) if {
	lower_alnum_or_hyphen(s)
	trim(s, "-0123456789") != ""
}

has_lower_letter(s) if {
	not lower_alnum_or_hyphen(s)
	some i in numbers.range(0, count(lower_letters) - 1)
	contains(s, substring(lower_letters, i, 1))
}

# ^-|-$
hyphen_at_an_end(s) if startswith(s, "-")

hyphen_at_an_end(s) if endswith(s, "-")

# A DNS subdomain, ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ (length
# aside): labels of [-a-z0-9] joined by single dots, each starting and ending alphanumeric.
dns_subdomain(s) if {
	s != ""
	trim(s, dns_characters) == ""
	trim(s, "-.") == s
	not contains(s, "..")
	not contains(s, "-.")
	not contains(s, ".-")
}

# A label name or value, ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$
label_name(s) if {
	s != ""
	trim(s, label_characters) == ""
	trim(s, "-_.") == s
}
