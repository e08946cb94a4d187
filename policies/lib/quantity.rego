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

# The suffix is looked for once per quantity (each body looking again cost resource-limits most
# of its evaluation).
quantity(q) := _string_quantity(q) if is_string(q)

_string_quantity(q) := _suffixed(q, suffix) if {
	suffix := quantity_suffix(q)
} else := decimal(q)

_suffixed(q, suffix) := decimal(trim_suffix(q, suffix)) * quantity_suffixes[suffix]

_suffixed(q, suffix) := decimal(trim_suffix(q, suffix)) / quantity_divisors[suffix]

# to_number of a decimal number's text, undefined for any other text. The wasm to_number turns
# text such as "1e", "e5", "." or "-" into a number that aborts the whole evaluation once it is
# compared or multiplied ("opa_number_to_bf: invalid number"): a typo in one quantity stopped
# the run with an internal error. Digits alone (most quantities once their unit is cut: "500",
# "128") need no pattern: the wasm compiles a regex.match pattern afresh in every evaluation.
decimal(s) := to_number(s) if {
	digits(s)
} else := to_number(s) if regex.match("^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$", s)

# ^[0-9]+$
digits(s) if {
	s != ""
	trim(s, "0123456789") == ""
}

# The unit a quantity string ends with, looked up by its last two characters (Ki … Ei) or its last
# one (k … E, m, u, n): at most one unit can match, and trying each with endswith, twice per
# quantity, was most of the cost of comparing requests with limits.
quantity_suffix(q) := s if {
	count(q) >= 2
	s := substring(q, count(q) - 2, 2)
	quantity_suffixes[s]
} else := s if {
	count(q) >= 1
	s := substring(q, count(q) - 1, 1)
	unit(s)
}

unit(s) if quantity_suffixes[s]

unit(s) if quantity_divisors[s]
