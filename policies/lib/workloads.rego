# Workload kinds, where their pod spec sits, and their containers.
# Every rule reads resources through these helpers so kind handling lives in one place.
package kubelint.lib

# Kinds whose pod spec sits under spec.template.spec (kinds.rego).
template_kinds := {k | some k in kind_groups["templated-workloads"]}

# Kinds that keep running (probes, PDBs make sense for them); a Pod depends on its restartPolicy.
long_running_kinds := {k | some k in kind_groups["long-running-workloads"]} - {"Pod"}

# Kinds users declare in config (`workloadKinds`: Argo Rollouts, OpenKruise CloneSets, ...), matched
# by apiVersion and kind, with their paths as segment arrays. Built-in kinds cannot be redeclared
# (config validation refuses them), so a kind is either built-in or custom.
custom_kind(obj) := k if {
	some k in object.get(input, "workloadKinds", [])
	k.kind == obj.kind
	k.apiVersion == obj.apiVersion
}

# Path of the pod spec inside an object of a workload kind.
pod_spec_path(kind) := ["spec"] if kind == "Pod"

pod_spec_path(kind) := ["spec", "template", "spec"] if template_kinds[kind]

pod_spec_path(kind) := ["spec", "jobTemplate", "spec", "template", "spec"] if kind == "CronJob"

# Path of the pod's metadata (labels, annotations) inside the object.
pod_meta_path(kind) := ["metadata"] if kind == "Pod"

pod_meta_path(kind) := ["spec", "template", "metadata"] if template_kinds[kind]

pod_meta_path(kind) := ["spec", "jobTemplate", "spec", "template", "metadata"] if kind == "CronJob"

# The same for any object, custom kinds included.
object_spec_path(obj) := pod_spec_path(obj.kind)

object_spec_path(obj) := custom_kind(obj).podSpecPath

object_meta_path(obj) := pod_meta_path(obj.kind)

object_meta_path(obj) := array.slice(labels_path, 0, count(labels_path) - 1) if {
	labels_path := custom_kind(obj).podLabelsPath
}

pod_spec(obj) := object.get(obj, object_spec_path(obj), null)

pod_meta(obj) := object.get(obj, object_meta_path(obj), {})

pod_labels(obj) := object.get(pod_meta(obj), "labels", {})

# Resources of the batch by their index, which is their position in input.resources (the CLI hands
# each chunk positional indexes and maps results back): an array, as iterating an object keyed by
# JSON numbers hashes (and parses) every key again in every rule.
objects := [r.object | some r in input.resources]

# Workloads keyed by resource index.
workloads[i] := w if {
	some i, obj in objects
	spec := pod_spec(obj)
	is_object(spec)
	w := {
		"index": i,
		"kind": obj.kind,
		"name": object.get(obj.metadata, "name", ""),
		"namespace": namespace(obj),
		"object": obj,
		"spec": spec,
		"spec_path": object_spec_path(obj),
		"labels": pod_labels(obj),
	}
}

long_running(w) if long_running_kinds[w.kind]

long_running(w) if object.get(custom_kind(w.object), "longRunning", true)

# A bare Pod that restarts forever behaves like a long-running workload.
long_running(w) if {
	w.kind == "Pod"
	object.get(w.spec, "restartPolicy", "Always") == "Always"
}

container_groups := ["initContainers", "containers", "ephemeralContainers"]

# Every container of every workload (its workload, group and position are in it). An array: most
# rules iterate it, and iterating an object keyed by [index, group, position] hashed each key twice
# per step.
containers := [c |
	some w in workloads
	some group in container_groups
	some pos, ctr in object.get(w.spec, group, [])
	c := {
		"workload": w,
		"group": group,
		"container": ctr,
		"name": object.get(ctr, "name", ""),
		"path": array.concat(w.spec_path, [group, pos]),
		"pod_sc": object.get(w.spec, "securityContext", {}),
		"sc": object.get(ctr, "securityContext", {}),
	}
]

# A native sidecar (init container with restartPolicy Always) runs for the pod's lifetime.
runs_for_pod_lifetime(c) if c.group == "containers"

runs_for_pod_lifetime(c) if {
	c.group == "initContainers"
	c.container.restartPolicy == "Always"
}

# Human name of a container for messages, e.g. `init container "setup" of Deployment "api"`.
describe(c) := concat("", [group_noun[c.group], " \"", c.name, "\" of ", c.workload.kind, " \"", c.workload.name, "\""])

group_noun := {
	"initContainers": "init container",
	"containers": "container",
	"ephemeralContainers": "ephemeral container",
}

describe_workload(w) := concat("", [w.kind, " \"", w.name, "\""])

# The value of a securityContext field in effect for a container: its own, else the pod's.
effective_sc(c, field) := c.sc[field]

effective_sc(c, field) := c.pod_sc[field] if not has_key(c.sc, field)

# Where an effective securityContext field is set (container first, then pod); for a field set
# nowhere, the container's securityContext, where the fix belongs.
effective_sc_path(c, field) := array.concat(c.path, ["securityContext", field]) if has_key(c.sc, field)

effective_sc_path(c, field) := array.concat(c.workload.spec_path, ["securityContext", field]) if {
	not has_key(c.sc, field)
	has_key(c.pod_sc, field)
}

effective_sc_path(c, field) := array.concat(c.path, ["securityContext", field]) if {
	not has_key(c.sc, field)
	not has_key(c.pod_sc, field)
}

has_key(obj, key) if {
	is_object(obj)
	_ = obj[key]
}
