# Kubernetes resource quantities ("500m", "1.5", "128Mi", "1e3", "2G") as numbers.
# units.parse is not implemented natively in wasm, so the parsing lives here.
package kubelint.lib

quantity_suffixes := {
	"Ki": 1024,
	"Mi": 1048576,
	"Gi": 1073741824,
	"Ti": 1099511627776,
	"Pi": 1125899906842624,
	"Ei": 1152921504606846976,
	"k": 1000,
	"M": 1000000,
	"G": 1000000000,
	"T": 1000000000000,
	"P": 1000000000000000,
	"E": 1000000000000000000,
}

# Sub-unit suffixes divide, to keep "1000m" exactly equal to 1.
quantity_divisors := {"m": 1000, "u": 1000000, "n": 1000000000}

quantity(q) := q if is_number(q)

quantity(q) := n if {
	is_string(q)
	some suffix, factor in quantity_suffixes
	endswith(q, suffix)
	n := to_number(trim_suffix(q, suffix)) * factor
}

quantity(q) := n if {
	is_string(q)
	some suffix, divisor in quantity_divisors
	endswith(q, suffix)
	n := to_number(trim_suffix(q, suffix)) / divisor
}

quantity(q) := to_number(q) if {
	is_string(q)
	not has_quantity_suffix(q)
}

has_quantity_suffix(q) if {
	some suffix, _ in quantity_suffixes
	endswith(q, suffix)
}

has_quantity_suffix(q) if {
	some suffix, _ in quantity_divisors
	endswith(q, suffix)
}
