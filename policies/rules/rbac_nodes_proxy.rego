# METADATA
# title: "Roles do not reach the kubelet through nodes/proxy"
# description: "nodes/proxy reaches the kubelet API of every node, which can run commands in any container on it and bypasses admission and audit of those actions. Any verb is reported: get alone is enough for a WebSocket exec."
# custom:
#   id: rbac-nodes-proxy
#   severity: error
#   kinds: [Role, ClusterRole]
#   presets: [recommended]
#   scope: resource
#   remediation: "Remove nodes/proxy; monitoring agents can read metrics from nodes/metrics or nodes/stats instead."
package kubelint.rules.rbac_nodes_proxy

import data.kubelint.lib

violation contains v if {
	some r in lib.rbac_rules
	g := lib.rbac_grant(r, "", ["nodes/proxy"], ["get", "create", "update", "patch", "delete"])
	v := {
		"index": r.index,
		"msg": concat("", [r.role, " ", r.where, " grants ", g.verb, " on nodes/proxy, which can run commands in any container of a node; use nodes/metrics or nodes/stats"]),
		"path": g.path,
	}
}
