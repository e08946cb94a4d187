# METADATA
# title: "Containers do not expose SSH"
# description: "A container port 22 (TCP) suggests an SSH server in the container: a second way in that bypasses the API server's authentication, authorization and audit of kubectl exec."
# custom:
#   id: container-ssh-port
#   severity: warning
#   kinds: [workloads]
#   presets: [recommended]
#   scope: resource
#   remediation: "Remove the SSH server and use kubectl exec or an ephemeral debug container."
package kubelint.rules.container_ssh_port

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	some k, port in object.get(c.container, "ports", [])
	port.containerPort == 22
	object.get(port, "protocol", "TCP") == "TCP"
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " exposes port 22 (SSH); remove the SSH server and use kubectl exec or a debug container"]),
		"path": array.concat(c.path, ["ports", k, "containerPort"]),
	}
}
