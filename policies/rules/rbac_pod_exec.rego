# METADATA
# title: "Roles do not exec, attach or port-forward into pods"
# description: "pods/exec, pods/attach and pods/portforward give a shell or a network tunnel into running containers, with their credentials and Secrets. Both create and get are reported: before Kubernetes 1.30 a WebSocket exec needed only get."
# custom:
#   id: rbac-pod-exec
#   severity: warning
#   kinds: [Role, ClusterRole]
#   presets: [recommended]
#   scope: resource
#   remediation: "Grant exec, attach and port-forward only to break-glass roles."
package kubelint.rules.rbac_pod_exec

import data.kubelint.lib

violation contains v if {
	some r in lib.rbac_rules
	g := lib.rbac_grant(r, "", ["pods/exec", "pods/attach", "pods/portforward"], ["create", "get"])
	v := {
		"index": r.index,
		"msg": concat("", [r.role, " ", r.where, " grants ", g.verb, " on ", g.resource, ", a shell or tunnel into running containers; keep it to break-glass roles"]),
		"path": g.path,
	}
}
