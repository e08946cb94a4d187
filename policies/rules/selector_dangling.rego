# METADATA
# title: "Selectors and targets are not dangling"
# description: "A Service, PodDisruptionBudget or NetworkPolicy (with a non-empty podSelector) that selects no pods in the batch, or a HorizontalPodAutoscaler whose scaleTargetRef names nothing in the batch, is likely a typo or left over."
# custom:
#   id: selector-dangling
#   severity: warning
#   kinds: [Service, PodDisruptionBudget, NetworkPolicy, HorizontalPodAutoscaler]
#   scope: batch
#   reads: ["*"]
#   fields: ["spec.selector", "spec.podSelector", "spec.scaleTargetRef", "podmeta.labels", "spec.manualSelector", "spec.completionMode", "spec.jobTemplate.spec.completionMode"]
#   wholeKinds: [workloads]
#   remediation: "Fix the selector or target so it names an existing workload in the same namespace, or remove the resource."
package kubelint.rules.selector_dangling

import data.kubelint.lib

refs contains [lib.namespace(obj), obj.kind, obj.metadata.name] if some obj in lib.objects

name(obj) := object.get(obj.metadata, "name", "")

violation contains v if {
	some i, svc in lib.objects
	svc.kind == "Service"
	selector := svc.spec.selector
	count(selector) > 0
	ns := lib.namespace(svc)
	not service_selects(ns, selector)
	v := {
		"index": i,
		"msg": concat("", ["Service ", lib.quote(name(svc)), " selects no pods: no workload in namespace ", lib.quote(ns), " has pod labels matching spec.selector; fix the selector or the labels"]),
		"path": ["spec", "selector"],
	}
}

# A Service selector is a plain map: the matchLabels of a LabelSelector.
service_selects(ns, selector) if lib.selects_any(ns, {"matchLabels": selector})

violation contains v if {
	some i, pdb in lib.objects
	pdb.kind == "PodDisruptionBudget"
	selector := pdb.spec.selector
	ns := lib.namespace(pdb)
	not lib.selects_any(ns, selector)
	v := {
		"index": i,
		"msg": concat("", ["PodDisruptionBudget ", lib.quote(name(pdb)), " selects no pods: no workload in namespace ", lib.quote(ns), " matches spec.selector; fix the selector or remove the budget"]),
		"path": ["spec", "selector"],
	}
}

violation contains v if {
	some i, np in lib.objects
	np.kind == "NetworkPolicy"
	selector := np.spec.podSelector
	not lib.empty_selector(selector)
	ns := lib.namespace(np)
	not lib.selects_any(ns, selector)
	v := {
		"index": i,
		"msg": concat("", ["NetworkPolicy ", lib.quote(name(np)), " selects no pods: no workload in namespace ", lib.quote(ns), " matches spec.podSelector; fix the selector or remove the policy"]),
		"path": ["spec", "podSelector"],
	}
}

violation contains v if {
	some i, hpa in lib.objects
	hpa.kind == "HorizontalPodAutoscaler"
	ref := hpa.spec.scaleTargetRef
	ns := lib.namespace(hpa)
	lib.known_kind(ref.kind)
	not refs[[ns, ref.kind, ref.name]]
	v := {
		"index": i,
		"msg": concat("", ["HorizontalPodAutoscaler ", lib.quote(name(hpa)), " targets ", ref.kind, " ", lib.quote(ref.name), ", which is not in namespace ", lib.quote(ns), " of this batch; fix spec.scaleTargetRef"]),
		"path": ["spec", "scaleTargetRef"],
	}
}
