package kubelint.rules.service_external_ips_test

import data.kubelint.rules.service_external_ips as rule
import data.kubelint.testutil as t

svc(spec) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": spec}

test_external_ips_fail if {
	some v in rule.violation with input as t.batch([svc({"externalIPs": ["203.0.113.7"]})])
	v.path == ["spec", "externalIPs"]
	contains(v.msg, "(203.0.113.7)")
}

test_none_or_empty_pass if {
	count(rule.violation) == 0 with input as t.batch([svc({}), svc({"externalIPs": []})])
}
