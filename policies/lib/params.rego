# Rule parameters (from input.params, with the rule's own defaults) and message helpers.
package kubelint.lib

param(rule, key, default_value) := object.get(object.get(object.get(input, "params", {}), rule, {}), key, default_value)

# Wraps a value in double quotes for messages.
quote(s) := concat("", ["\"", s, "\""])
