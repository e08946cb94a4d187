# METADATA
# title: "Pod Security: only restricted volume types"
# description: "PodSecurity restricted control restrictedVolumes: volumes may only be configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret."
# custom:
#   id: pss-restricted-volumes
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-restricted]
#   podSecurity: {control: restrictedVolumes, level: restricted}
#   remediation: "Use a persistentVolumeClaim (backed by the storage you need) instead of the inline volume source."
package kubelint.rules.pss_restricted_volumes

import data.kubelint.lib

allowed := {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"}

# The admission names the first restricted source it finds, in this order. A volume with no source
# at all is defaulted to emptyDir before admission, so it passes.
restricted := [
	"hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs",
	"rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte",
	"azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
]

has_source(volume, source) if {
	source != "name"
	volume[source] != null
}

violation contains v if {
	some w in lib.workloads
	some i, volume in object.get(w.spec, "volumes", [])
	not any_allowed(volume)
	types := [s | some s in restricted; has_source(volume, s)]
	count(types) > 0
	some ctx in lib.pss_contexts(w, "restrictedVolumes")
	detail := concat("", [lib.describe_workload(w), ": volume ", lib.quote(object.get(volume, "name", "")), " uses restricted volume type ", lib.quote(types[0])])
	fields := lib.pss_pod_fields(array.concat(w.spec_path, ["volumes", i, types[0]]), [types[0]])
	v := lib.pss_violation(w, ctx, "restrictedVolumes", "restricted volume types", detail, fields)
}

any_allowed(volume) if {
	some source in allowed
	has_source(volume, source)
}
