# METADATA
# title: "Long-running containers have a readiness probe"
# description: "Containers of long-running workloads (not Jobs, CronJobs, run-to-completion Pods or init containers; native sidecars included) need a readiness probe so traffic reaches only ready pods. Where no Service of the batch selects the pods, readiness gates no traffic (it still paces rollouts): the finding is reported at most at the option unselectedSeverity (default info)."
# custom:
#   id: readiness-probe
#   severity: error
#   kinds: [long-running-workloads]
#   scope: batch
#   reads: [Service]
#   fields: ["podspec.restartPolicy", "podspec.containers.*.name", "podspec.containers.*.readinessProbe", "podspec.containers.*.restartPolicy", "podspec.initContainers.*.name", "podspec.initContainers.*.readinessProbe", "podspec.initContainers.*.restartPolicy", "podspec.ephemeralContainers.*.name", "podspec.ephemeralContainers.*.readinessProbe", "podspec.ephemeralContainers.*.restartPolicy", "spec.selector", "podmeta.labels", "spec.manualSelector", "spec.completionMode", "spec.jobTemplate.spec.completionMode"]
#   options:
#     unselectedSeverity:
#       description: "The most a finding is reported at when no Service of the batch selects the workload's pods (readiness then gates no traffic): info, warning, error (the rule's level), or off."
#       enum: [info, warning, error, "off"]
#       default: info
#   remediation: "Add a readinessProbe (httpGet, tcpSocket, grpc or exec) to the container."
package kubelint.rules.readiness_probe

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	lib.long_running(c.workload)
	lib.runs_for_pod_lifetime(c)
	not c.container.readinessProbe
	selected_or_reported(c.workload)
	v := object.union(
		{
			"index": c.workload.index,
			"msg": concat("", [lib.describe(c), " has no readinessProbe; add one so the pod receives traffic only when ready", unselected_note(c.workload)]),
			"path": array.concat(c.path, ["readinessProbe"]),
		},
		cap(c.workload),
	)
}

unselected_severity := lib.option(rego.metadata.chain(), "unselectedSeverity")

selected(w) if lib.service_selected[w.index]

selected_or_reported(w) if selected(w)

selected_or_reported(w) if {
	not selected(w)
	unselected_severity != "off"
}

cap(w) := {} if selected(w)

cap(w) := {"atMost": unselected_severity} if not selected(w)

unselected_note(w) := "" if selected(w)

unselected_note(w) := " (no Service selects its pods yet, so it gates no traffic; rollouts still wait on it)" if not selected(w)
