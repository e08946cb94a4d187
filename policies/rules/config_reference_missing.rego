# METADATA
# title: "Referenced ConfigMaps and Secrets exist"
# description: "A ConfigMap or Secret that a pod uses through env, envFrom or a volume (projected sources included) must be in the batch, in the workload's namespace; otherwise the pod does not start. Judged only when the batch holds at least one object of that kind in the namespace (Secrets are often created outside the repository); references marked optional and kube-root-ca.crt (created in every namespace) pass."
# custom:
#   id: config-reference-missing
#   severity: error
#   kinds: [workloads]
#   presets: [recommended]
#   scope: batch
#   reads: [ConfigMap, Secret]
#   fields: ["podspec.containers.*.env.*.valueFrom", "podspec.initContainers.*.env.*.valueFrom", "podspec.ephemeralContainers.*.env.*.valueFrom", "podspec.containers.*.envFrom", "podspec.initContainers.*.envFrom", "podspec.ephemeralContainers.*.envFrom", "podspec.volumes.*.configMap", "podspec.volumes.*.secret", "podspec.volumes.*.projected.sources"]
#   remediation: "Fix the name, add the ConfigMap or Secret, or mark the reference optional: true."
package kubelint.rules.config_reference_missing

import data.kubelint.lib

# Names of the ConfigMaps and Secrets in the batch: {[kind, namespace]: {names}}.
present[[obj.kind, lib.namespace(obj)]] contains object.get(obj.metadata, "name", "") if {
	some obj in lib.objects
	obj.kind in {"ConfigMap", "Secret"}
}

# Each kind of reference is checked where it is found (no set of the batch's references: hashing
# [index, kind, name, optional, path] per reference cost more than the check, and almost every
# reference resolves).
violation contains finding(c.workload, kind, ref.name, array.concat(c.path, ["env", k, "valueFrom", field, "name"])) if {
	some c in lib.containers
	some k, env in object.get(c.container, "env", [])
	some field, ref in env.valueFrom # most entries have a value instead: they stop here
	kind := env_ref_kinds[field]
	missing(c.workload, kind, ref)
}

violation contains finding(c.workload, kind, ref.name, array.concat(c.path, ["envFrom", k, field, "name"])) if {
	some c in lib.containers
	some k, src in object.get(c.container, "envFrom", [])
	some field, ref in src
	kind := env_from_kinds[field]
	missing(c.workload, kind, ref)
}

violation contains finding(w, "ConfigMap", vol.configMap.name, array.concat(w.spec_path, ["volumes", k, "configMap", "name"])) if {
	some w in lib.workloads
	some k, vol in object.get(w.spec, "volumes", [])
	missing(w, "ConfigMap", vol.configMap)
}

violation contains finding(w, "Secret", vol.secret.secretName, array.concat(w.spec_path, ["volumes", k, "secret", "secretName"])) if {
	some w in lib.workloads
	some k, vol in object.get(w.spec, "volumes", [])
	missing_name(w, "Secret", vol.secret.secretName, object.get(vol.secret, "optional", false))
}

violation contains finding(w, kind, ref.name, array.concat(w.spec_path, ["volumes", k, "projected", "sources", s, field, "name"])) if {
	some w in lib.workloads
	some k, vol in object.get(w.spec, "volumes", [])
	some s, source in vol.projected.sources
	some field, kind in {"configMap": "ConfigMap", "secret": "Secret"}
	ref := source[field]
	missing(w, kind, ref)
}

# A reference {name, optional?} to an object of this kind that is not in the workload's namespace.
env_ref_kinds := {"configMapKeyRef": "ConfigMap", "secretKeyRef": "Secret"}

env_from_kinds := {"configMapRef": "ConfigMap", "secretRef": "Secret"}

missing(w, kind, ref) if missing_name(w, kind, ref.name, object.get(ref, "optional", false))

# Only judged when the namespace holds some object of the kind in this batch.
missing_name(w, kind, name, optional) if {
	optional != true
	name != "kube-root-ca.crt"
	lib.known_kind(kind)
	names := present[[kind, w.namespace]]
	not names[name]
}

finding(w, kind, name, path) := {
	"index": w.index,
	"msg": concat("", [lib.describe_workload(w), " uses ", kind, " ", lib.quote(name), ", which is not in namespace ", lib.quote(w.namespace), " of this batch; fix the name, add it, or mark the reference optional"]),
	"path": path,
}
