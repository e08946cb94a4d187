# METADATA
# title: "CronJobs choose a concurrency policy"
# description: "A CronJob without spec.concurrencyPolicy allows overlapping runs: when a run takes longer than the schedule interval, runs pile up. An explicit choice (Forbid, Replace, or Allow) passes."
# custom:
#   id: cronjob-concurrency
#   severity: warning
#   kinds: [CronJob]
#   presets: [all]
#   scope: resource
#   remediation: "Set spec.concurrencyPolicy: Forbid (skip a run while one is active) or Replace, or Allow when overlapping runs are safe."
package kubelint.rules.cronjob_concurrency

import data.kubelint.lib

violation contains v if {
	some i, cj in lib.objects
	cj.kind == "CronJob"
	not cj.spec.concurrencyPolicy
	v := {
		"index": i,
		"msg": concat("", ["CronJob ", lib.quote(object.get(cj.metadata, "name", "")), " sets no spec.concurrencyPolicy, so runs may overlap; set Forbid, Replace, or Allow explicitly"]),
		"path": ["spec", "concurrencyPolicy"],
	}
}
