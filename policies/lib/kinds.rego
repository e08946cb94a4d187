# Kind groups: the one list of which kinds belong together. A rule's METADATA names a group in
# custom.kinds (`kinds: [workloads]`); scripts/build-policies.mjs expands it from here into
# build/policies/rules.json, which the admission webhook routes by. The lib reads it too, so a kind
# added here reaches the rules, the routing and the docs at once.
package kubelint.lib

kind_groups := {
	# Kinds with a pod spec (lib.workloads; where it sits: pod_spec_path).
	"workloads": ["Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController"],
	# Workloads whose pod spec sits under spec.template.spec.
	"templated-workloads": ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController"],
	# Workloads that keep running (a bare Pod only with restartPolicy Always: lib.long_running).
	"long-running-workloads": ["Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController"],
}
