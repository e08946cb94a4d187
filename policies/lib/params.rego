# Rule options (from input.params, else the default in the rule's METADATA) and message helpers.
package kubelint.lib

# The option `key` of the rule whose METADATA chain is given: call it as
# `lib.option(rego.metadata.chain(), "minReplicas")` from the rule's package. The rule's id and
# the option's default come from its METADATA (custom.id, custom.options.<key>.default), so they
# are written once; OPA resolves the chain at compile time.
option(chain, key) := value if {
	some entry in chain
	entry.annotations.scope == "package"
	custom := entry.annotations.custom
	value := object.get(object.get(object.get(input, "params", {}), custom.id, {}), key, custom.options[key]["default"])
}

# Wraps a value in double quotes for messages.
quote(s) := concat("", ["\"", s, "\""])
