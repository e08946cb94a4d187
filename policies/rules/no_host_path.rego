# METADATA
# title: "Pods mount no hostPath volumes"
# description: "A hostPath volume gives the pod access to the node's filesystem."
# custom:
#   id: no-host-path
#   severity: warning
#   kinds: [workloads]
#   scope: resource
#   podSecurityControls: [hostPathVolumes, restrictedVolumes]
#   remediation: "Replace the hostPath volume with an emptyDir, configMap, secret or persistentVolumeClaim."
package kubelint.rules.no_host_path

import data.kubelint.lib

violation contains v if {
	some w in lib.workloads
	some pos, volume in w.spec.volumes
	_ = volume.hostPath
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " mounts hostPath volume \"", object.get(volume, "name", ""), "\"; use an emptyDir, configMap, secret or persistentVolumeClaim instead"]),
		"path": array.concat(w.spec_path, ["volumes", pos, "hostPath"]),
	}
}
