# METADATA
# title: "Jobs clean up after themselves"
# description: "A Job without spec.ttlSecondsAfterFinished stays in the cluster with its pods after it completes, until someone deletes it. Jobs a CronJob creates are cleaned up by its history limits and are not judged."
# custom:
#   id: job-ttl
#   severity: warning
#   kinds: [Job]
#   presets: [all]
#   scope: resource
#   remediation: "Set spec.ttlSecondsAfterFinished (e.g. 86400 to keep a day for inspection)."
package kubelint.rules.job_ttl

import data.kubelint.lib

violation contains v if {
	some i, job in lib.objects
	job.kind == "Job"
	not has_ttl(job)
	v := {
		"index": i,
		"msg": concat("", ["Job ", lib.quote(object.get(job.metadata, "name", "")), " sets no spec.ttlSecondsAfterFinished, so it and its pods stay after it finishes; set one"]),
		"path": ["spec", "ttlSecondsAfterFinished"],
	}
}

has_ttl(job) if is_number(job.spec.ttlSecondsAfterFinished)
