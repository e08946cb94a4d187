package kubelint.rules.statefulset_headless_service_test

import data.kubelint.rules.statefulset_headless_service as rule
import data.kubelint.testutil as t

sts := {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {"serviceName": "db", "selector": {"matchLabels": {"app": "db"}}, "template": {"metadata": {"labels": {"app": "db"}}, "spec": t.good_pod_spec}}}

svc(name, cluster_ip) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": {"clusterIP": cluster_ip, "selector": {"app": "db"}}}

test_headless_passes if {
	count(rule.violation) == 0 with input as t.batch([sts, svc("db", "None")])
}

test_not_headless_fails if {
	some v in rule.violation with input as t.batch([sts, svc("db", "10.0.0.5")])
	v.path == ["spec", "serviceName"]
	contains(v.msg, "not headless")
}

test_missing_fails_only_when_services_are_in_the_batch if {
	count(rule.violation) == 1 with input as t.batch([sts, svc("web", "None")])
	count(rule.violation) == 0 with input as t.batch([sts])
}

test_a_service_twice_in_the_batch_is_no_conflict if {
	count(rule.violation) == 0 with input as t.batch([sts, svc("db", "None"), svc("db", "None")])
}
