package kubelint.rules.required_annotations_test

import data.kubelint.rules.required_annotations as rule
import data.kubelint.testutil as t

svc(annotations) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "annotations": annotations}, "spec": {}}

test_missing_and_pattern if {
	reqs := [{"key": "owner", "pattern": `^[a-z-]+@example\.com$`}]
	vs := rule.violation with input as t.with_params([svc({}), svc({"owner": "nobody"}), svc({"owner": "shop-team@example.com"})], {"required-annotations": {"annotations": reqs}})
	count(vs) == 2
	some v in vs
	contains(v.msg, "has no annotation owner")
}
