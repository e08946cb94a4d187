# METADATA
# title: "Containers have a read-only root filesystem"
# description: "Every container should set securityContext.readOnlyRootFilesystem: true and write only to mounted volumes."
# custom:
#   id: read-only-root-filesystem
#   severity: warning
#   kinds: [workloads]
#   scope: resource
#   remediation: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process must write."
package kubelint.rules.read_only_root_filesystem

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	not lib.windows_pod(c.workload) # Linux-only field: the API server refuses it on Windows pods
	not c.sc.readOnlyRootFilesystem == true
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " does not set securityContext.readOnlyRootFilesystem: true; set it and mount an emptyDir for paths it writes to"]),
		"path": array.concat(c.path, ["securityContext", "readOnlyRootFilesystem"]),
	}
}
