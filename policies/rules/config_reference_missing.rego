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
#   remediation: "Fix the name, add the ConfigMap or Secret, or mark the reference optional: true."
package kubelint.rules.config_reference_missing

import data.kubelint.lib

# Names of the ConfigMaps and Secrets in the batch: {[kind, namespace]: {names}}.
present[[obj.kind, lib.namespace(obj)]] contains object.get(obj.metadata, "name", "") if {
	some obj in lib.objects
	obj.kind in {"ConfigMap", "Secret"}
}

# Every reference of a container: [kind, name, optional, path inside the workload].
refs contains [c.workload.index, kind, ref.name, object.get(ref, "optional", false), array.concat(c.path, ["env", k, "valueFrom", field, "name"])] if {
	some c in lib.containers
	some k, env in object.get(c.container, "env", [])
	some field, kind in {"configMapKeyRef": "ConfigMap", "secretKeyRef": "Secret"}
	ref := env.valueFrom[field]
}

refs contains [c.workload.index, kind, ref.name, object.get(ref, "optional", false), array.concat(c.path, ["envFrom", k, field, "name"])] if {
	some c in lib.containers
	some k, src in object.get(c.container, "envFrom", [])
	some field, kind in {"configMapRef": "ConfigMap", "secretRef": "Secret"}
	ref := src[field]
}

refs contains [w.index, "ConfigMap", vol.configMap.name, object.get(vol.configMap, "optional", false), array.concat(w.spec_path, ["volumes", k, "configMap", "name"])] if {
	some w in lib.workloads
	some k, vol in object.get(w.spec, "volumes", [])
}

refs contains [w.index, "Secret", vol.secret.secretName, object.get(vol.secret, "optional", false), array.concat(w.spec_path, ["volumes", k, "secret", "secretName"])] if {
	some w in lib.workloads
	some k, vol in object.get(w.spec, "volumes", [])
}

refs contains [w.index, kind, ref.name, object.get(ref, "optional", false), array.concat(w.spec_path, ["volumes", k, "projected", "sources", s, field, "name"])] if {
	some w in lib.workloads
	some k, vol in object.get(w.spec, "volumes", [])
	some s, source in vol.projected.sources
	some field, kind in {"configMap": "ConfigMap", "secret": "Secret"}
	ref := source[field]
}

violation contains v if {
	some [i, kind, name, optional, path] in refs
	optional != true
	name != "kube-root-ca.crt"
	lib.known_kind(kind)
	w := lib.workloads[i]
	names := present[[kind, w.namespace]]
	not names[name]
	v := {
		"index": i,
		"msg": concat("", [lib.describe_workload(w), " uses ", kind, " ", lib.quote(name), ", which is not in namespace ", lib.quote(w.namespace), " of this batch; fix the name, add it, or mark the reference optional"]),
		"path": path,
	}
}
