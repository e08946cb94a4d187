# METADATA
# title: "Roles do not create pods or workloads"
# description: "Whoever can create pods, or workloads that create pods (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicationControllers), can run any image with any ServiceAccount of the namespace and mount its Secrets: it is privilege escalation unless admission control restricts those pods."
# custom:
#   id: rbac-create-pods
#   severity: warning
#   kinds: [Role, ClusterRole]
#   presets: [all]
#   scope: resource
#   remediation: "Grant create on workloads only to deployment tooling, and pair it with Pod Security admission or a policy engine."
package kubelint.rules.rbac_create_pods

import data.kubelint.lib

workload_resources := {
	"": ["pods", "replicationcontrollers"],
	"apps": ["deployments", "replicasets", "statefulsets", "daemonsets"],
	"batch": ["jobs", "cronjobs"],
}

violation contains v if {
	some r in lib.rbac_rules
	grants := [g | some group, resources in workload_resources; g := lib.rbac_grant(r, group, resources, ["create"])]
	g := grants[0]
	v := {
		"index": r.index,
		"msg": concat("", [r.role, " ", r.where, " grants create on ", g.resource, ", which runs pods with any image and ServiceAccount of the namespace; grant it only to deployment tooling"]),
		"path": g.path,
	}
}
