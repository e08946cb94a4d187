# METADATA
# title: "Containers request and limit ephemeral storage"
# description: "Without resources.requests and resources.limits for ephemeral-storage, a container's logs, emptyDir writes and writable layer can fill the node's disk and get every pod on it evicted. Ephemeral containers are exempt (the API forbids resources on them); init containers count."
# custom:
#   id: ephemeral-storage
#   severity: warning
#   kinds: [workloads]
#   presets: [all]
#   scope: resource
#   options:
#     requireLimit:
#       description: "Require resources.limits.ephemeral-storage as well as the request (false: only the request)."
#       type: "boolean"
#       default: true
#   remediation: "Set resources.requests.ephemeral-storage and resources.limits.ephemeral-storage (e.g. 100Mi and 1Gi)."
package kubelint.rules.ephemeral_storage

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	c.group != "ephemeralContainers"
	some section in sections
	not object.get(object.get(c.container, "resources", {}), section, {})["ephemeral-storage"]
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " sets no resources.", section, ".ephemeral-storage; set one so its disk use cannot evict the node's pods"]),
		"path": array.concat(c.path, ["resources", section, "ephemeral-storage"]),
	}
}

sections contains "requests"

sections contains "limits" if lib.option(rego.metadata.chain(), "requireLimit")
