package kubelint.rules.ephemeral_storage_test

import data.kubelint.rules.ephemeral_storage as rule
import data.kubelint.testutil as t

pod_with(resources) := t.pod("p", {"containers": [object.union(t.good_container("a"), {"resources": resources})], "ephemeralContainers": [{"name": "debug", "image": "busybox:1.36"}]})

test_missing_both_fails if {
	t.paths(rule.violation) == {["spec", "containers", 0, "resources", "requests", "ephemeral-storage"], ["spec", "containers", 0, "resources", "limits", "ephemeral-storage"]} with input as t.batch([pod_with({"requests": {"cpu": "1"}})])
}

test_set_passes_and_option if {
	count(rule.violation) == 0 with input as t.batch([pod_with({"requests": {"ephemeral-storage": "100Mi"}, "limits": {"ephemeral-storage": "1Gi"}})])
	count(rule.violation) == 0 with input as t.with_params([pod_with({"requests": {"ephemeral-storage": "100Mi"}})], {"ephemeral-storage": {"requireLimit": false}})
}
