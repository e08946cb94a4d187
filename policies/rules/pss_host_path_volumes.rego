# METADATA
# title: "Pod Security: no hostPath volumes"
# description: "PodSecurity baseline control hostPathVolumes: no volume may be a hostPath volume."
# custom:
#   id: pss-host-path-volumes
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-baseline, pss-restricted]
#   podSecurity: {control: hostPathVolumes, level: baseline}
#   remediation: "Use a persistentVolumeClaim, emptyDir, configMap or secret volume instead of hostPath."
package kubelint.rules.pss_host_path_volumes

import data.kubelint.lib

violation contains v if {
	some w in lib.workloads
	some i, volume in object.get(w.spec, "volumes", [])
	volume.hostPath != null
	some ctx in lib.pss_contexts(w, "hostPathVolumes")
	name := object.get(volume, "name", "")
	detail := concat("", [lib.describe_workload(w), " must not use hostPath volume ", lib.quote(name)])
	fields := lib.pss_pod_fields(array.concat(w.spec_path, ["volumes", i, "hostPath"]), [object.get(volume.hostPath, "path", "")])
	v := lib.pss_violation(w, ctx, "hostPathVolumes", "hostPath volumes", detail, fields)
}
