# Label and annotation requirements (required-labels, required-annotations) and the label syntax
# the API server enforces (label-syntax).
package kubelint.lib

# A requirement {key, pattern?, kinds?} applies to every kind when it names none.
requirement_applies(req, _) if count(object.get(req, "kinds", [])) == 0

requirement_applies(req, kind) if kind in req.kinds

# Findings of required-labels / required-annotations: field is "labels" or "annotations".
required_metadata_findings(field, noun, requirements) := {v |
	some i, obj in objects
	some req in requirements
	requirement_applies(req, obj.kind)
	values := object.get(object.get(obj, "metadata", {}), field, {})
	v := required_finding(field, noun, obj, i, req, values)
}

required_finding(field, noun, obj, i, req, values) := {
	"index": i,
	"msg": concat("", [obj.kind, " ", quote(object.get(obj.metadata, "name", "")), " has no ", noun, " ", req.key, "; add it to metadata.", field]),
	"path": ["metadata", field, req.key],
} if {
	not has_key(values, req.key)
} else := {
	"index": i,
	"msg": concat("", [obj.kind, " ", quote(object.get(obj.metadata, "name", "")), " has ", noun, " ", req.key, " = ", quote(format_value(values[req.key])), ", which does not match ", req.pattern]),
	"path": ["metadata", field, req.key],
} if {
	req.pattern
	not regex.match(req.pattern, format_value(values[req.key]))
}

format_value(x) := x if is_string(x)

format_value(x) := json.marshal(x) if not is_string(x)

# Label syntax (apimachinery's IsQualifiedName and IsValidLabelValue; label_name and
# dns_subdomain in names.rego).

# Why a label key is invalid (undefined when it is valid).
label_key_problem(key) := _key_problem(split(key, "/"))

_key_problem(parts) := "has more than one /" if {
	count(parts) > 2
} else := "has an empty prefix before /" if {
	count(parts) == 2
	parts[0] == ""
} else := "has a prefix that is not a DNS subdomain (lower-case, at most 253 characters)" if {
	count(parts) == 2
	not valid_prefix(parts[0])
} else := "has a name part longer than 63 characters" if {
	count(parts[count(parts) - 1]) > 63
} else := "has a name part that is empty or not alphanumeric at both ends with only -, _ or . inside" if {
	not label_name(parts[count(parts) - 1])
}

valid_prefix(prefix) if {
	count(prefix) <= 253
	dns_subdomain(prefix)
}

# Why a label value is invalid (undefined when it is valid; non-strings are the schema's job).
label_value_problem(value) := "is longer than 63 characters" if {
	is_string(value)
	count(value) > 63
} else := "must be empty or alphanumeric at both ends with only -, _ or . inside" if {
	is_string(value)
	value != ""
	not label_name(value)
}
