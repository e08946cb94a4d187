# METADATA
# title: "CronJobs set a starting deadline"
# description: "Without spec.startingDeadlineSeconds, a CronJob that missed more than 100 schedules (controller down, suspended, clock skew) stops being scheduled with an error, and a late start runs however late it is."
# custom:
#   id: cronjob-deadline
#   severity: warning
#   kinds: [CronJob]
#   presets: [all]
#   scope: resource
#   remediation: "Set spec.startingDeadlineSeconds to how late a run may still start (e.g. 300)."
package kubelint.rules.cronjob_deadline

import data.kubelint.lib

violation contains v if {
	some i, cj in lib.objects
	cj.kind == "CronJob"
	not has_deadline(cj)
	v := {
		"index": i,
		"msg": concat("", ["CronJob ", lib.quote(object.get(cj.metadata, "name", "")), " sets no spec.startingDeadlineSeconds; set how late a run may still start"]),
		"path": ["spec", "startingDeadlineSeconds"],
	}
}

has_deadline(cj) if is_number(cj.spec.startingDeadlineSeconds)
