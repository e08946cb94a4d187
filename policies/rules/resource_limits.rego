# METADATA
# title: "Containers set limits not below their requests"
# description: "Every container (not ephemeral ones) must set a memory limit, and a CPU limit unless the option requireCpuLimit is false; a limit may not be lower than the matching request."
# custom:
#   id: resource-limits
#   severity: error
#   kinds: [workloads]
#   scope: resource
#   options:
#     requireCpuLimit:
#       description: "Require resources.limits.cpu (false: only the memory limit is required)."
#       type: boolean
#       default: true
#   remediation: "Set resources.limits.memory (and resources.limits.cpu) at or above the requests."
package kubelint.rules.resource_limits

import data.kubelint.lib

required_limits contains "memory"

required_limits contains "cpu" if lib.option(rego.metadata.chain(), "requireCpuLimit") == true

violation contains v if {
	some c in lib.containers
	c.group != "ephemeralContainers"
	some resource in required_limits
	not has_limit(c.container, resource)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " has no resources.limits.", resource, "; set it at or above the request"]),
		"path": array.concat(c.path, ["resources", "limits", resource]),
	}
}

violation contains v if {
	some c in lib.containers
	some resource, limit in c.container.resources.limits
	request := c.container.resources.requests[resource]
	limit != request # the same text is the same quantity: most limits equal their request
	below[[limit, request]]
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " sets resources.limits.", resource, " (", format_quantity(limit), ") below resources.requests.", resource, " (", format_quantity(request), "); raise the limit or lower the request"]),
		"path": array.concat(c.path, ["resources", "limits", resource]),
	}
}

# [limit, request] pairs whose limit is below the request. Each distinct pair is compared once:
# containers repeat a few sizes, and parsing a quantity (decimal arithmetic) was most of this rule.
below contains pair if {
	some pair in {[limit, request] |
		some c in lib.containers
		some resource, limit in c.container.resources.limits
		request := c.container.resources.requests[resource]
		limit != request
	}
	lib.quantity(pair[0]) < lib.quantity(pair[1])
}

has_limit(container, resource) if _ = container.resources.limits[resource]

format_quantity(q) := q if is_string(q)

format_quantity(q) := json.marshal(q) if is_number(q)
