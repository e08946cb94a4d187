# METADATA
# title: "Containers request CPU and memory"
# description: "Every container (init ones included; ephemeral containers cannot set resources) must request CPU and memory so the scheduler can place the pod."
# custom:
#   id: resource-requests
#   severity: error
#   kinds: [workloads]
#   scope: resource
#   remediation: "Set resources.requests.cpu and resources.requests.memory on the container."
package kubelint.rules.resource_requests

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	c.group != "ephemeralContainers"
	some resource in ["cpu", "memory"]
	not has_request(c.container, resource)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " has no resources.requests.", resource, "; set it to what the container needs at steady state"]),
		"path": array.concat(c.path, ["resources", "requests", resource]),
	}
}

has_request(container, resource) if _ = container.resources.requests[resource]
