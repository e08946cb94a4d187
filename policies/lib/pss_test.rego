package kubelint.lib_pss_test

import data.kubelint.lib
import data.kubelint.testutil as t

pod(spec) := t.pod("p", spec)

ns_pod(ns, spec) := object.union(pod(spec), {"metadata": {"name": "p", "namespace": ns}})

run(version, level, rules) := {"version": version, "level": level, "rules": rules, "namespaces": {}}

test_config_context_only_for_enabled_rules if {
	w := {"index": 0, "namespace": "default", "spec": {}}
	count(lib.pss_contexts(w, "privileged")) == 1 with input as {"podSecurity": run(35, "baseline", ["pss-privileged"])}
	count(lib.pss_contexts(w, "hostPorts")) == 0 with input as {"podSecurity": run(35, "baseline", ["pss-privileged"])}
}

test_restricted_control_overrides_baseline_from_its_version if {
	w := {"index": 0, "namespace": "default", "spec": {}}
	rules := ["pss-proc-mount", "pss-proc-mount-restricted"]
	count(lib.pss_contexts(w, "procMount")) == 0 with input as {"podSecurity": run(35, "restricted", rules)}
	count(lib.pss_contexts(w, "procMount")) == 1 with input as {"podSecurity": run(34, "restricted", rules)}
	count(lib.pss_contexts(w, "procMount_restricted")) == 0 with input as {"podSecurity": run(34, "restricted", rules)}
}

test_namespace_contexts_follow_level_and_version if {
	ctxs := [{"level": "baseline", "version": 33, "mode": "enforce", "severity": "error"}]
	inp := {"podSecurity": {"namespaces": {"team": ctxs}}}
	w := {"index": 0, "namespace": "team", "spec": {}}
	count(lib.pss_contexts(w, "privileged")) == 1 with input as inp
	count(lib.pss_contexts(w, "runAsNonRoot")) == 0 with input as inp
	count(lib.pss_contexts(w, "hostProbesAndHostLifecycle")) == 0 with input as inp
	count(lib.pss_contexts(object.union(w, {"namespace": "other"}), "privileged")) == 0 with input as inp
}

test_violation_carries_control_and_version if {
	ctx := {"level": "restricted", "version": 35, "mode": "warn", "severity": "warning"}
	v := lib.pss_violation({"index": 3}, ctx, "privileged", "privileged", "x", {"path": ["spec"], "values": ["true"]})
	v.podSecurity.version == "v1.35"
	v.podSecurity.control == "privileged"
	v.severity == "warning"
	v.msg == "x (violates PodSecurity \"restricted:v1.35\": privileged)"
}
