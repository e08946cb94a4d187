# The single entrypoint: every enabled rule over the whole batch in one evaluation.
# Input: {resources: [{index, object}], params: {<rule-id>: options}, enabled: [ids], defaultNamespace}
# Output: [{rule, index, msg, path}]
package kubelint

enabled := {id | some id in input.enabled}

main := [finding |
	some pkg, rule in data.kubelint.rules
	id := replace(pkg, "_", "-")
	enabled[id]
	some v in rule.violation
	finding := {"rule": id, "index": v.index, "msg": v.msg, "path": v.path}
]
