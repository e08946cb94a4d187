# METADATA
# title: "Pods name a priority class"
# description: "Without priorityClassName a pod gets the cluster's default priority (usually 0), so under resource pressure the scheduler may preempt it for any other pod, and it cannot preempt batch work itself. With the allowed option set, the name must be one of the listed classes."
# custom:
#   id: priority-class
#   severity: warning
#   kinds: [workloads]
#   presets: [all]
#   scope: resource
#   options:
#     allowed:
#       description: "PriorityClass names pods may use; empty: any name, as long as one is set."
#       type: "array"
#       items: {"type": "string", "minLength": 1}
#       uniqueItems: true
#       default: []
#   remediation: "Set priorityClassName to one of the cluster's PriorityClasses."
package kubelint.rules.priority_class

import data.kubelint.lib

allowed := lib.option(rego.metadata.chain(), "allowed")

violation contains v if {
	some w in lib.workloads
	not w.spec.priorityClassName
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " sets no priorityClassName, so it runs at the default priority; set one"]),
		"path": array.concat(w.spec_path, ["priorityClassName"]),
	}
}

violation contains v if {
	some w in lib.workloads
	name := w.spec.priorityClassName
	count(allowed) > 0
	not name in allowed
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " uses priority class ", lib.quote(name), ", which is not among the allowed ones (", concat(", ", allowed), ")"]),
		"path": array.concat(w.spec_path, ["priorityClassName"]),
	}
}
