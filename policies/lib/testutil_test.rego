# Builders for unit-test inputs (a _test file so it never ships in the wasm).
package kubelint.testutil

batch(objects) := {
	"resources": [{"index": i, "object": obj} | some i, obj in objects],
	"params": {},
	"enabled": [],
	"defaultNamespace": "default",
}

with_params(objects, params) := object.union(batch(objects), {"params": params})

deployment(name, replicas, labels, pod_spec) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": name},
	"spec": {
		"replicas": replicas,
		"selector": {"matchLabels": labels},
		"template": {"metadata": {"labels": labels}, "spec": pod_spec},
	},
}

pod(name, spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec}

cronjob(name, pod_spec) := {
	"apiVersion": "batch/v1",
	"kind": "CronJob",
	"metadata": {"name": name},
	"spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {"spec": pod_spec}}}},
}

# A container that passes every container-level rule.
good_container(name) := {
	"name": name,
	"image": "registry.example:5000/app:1.2.3",
	"ports": [{"name": "http", "containerPort": 8080}],
	"securityContext": {
		"runAsNonRoot": true,
		"allowPrivilegeEscalation": false,
		"readOnlyRootFilesystem": true,
		"capabilities": {"drop": ["ALL"]},
		"seccompProfile": {"type": "RuntimeDefault"},
	},
	"resources": {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"cpu": "1", "memory": "128Mi"}},
	"livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}},
	"readinessProbe": {"httpGet": {"path": "/readyz", "port": 8080}},
}

good_pod_spec := {"automountServiceAccountToken": false, "containers": [good_container("app")]}

pdb(name, selector, fields) := {
	"apiVersion": "policy/v1",
	"kind": "PodDisruptionBudget",
	"metadata": {"name": name},
	"spec": object.union({"selector": selector}, fields),
}

hpa(name, kind, target, min_replicas) := {
	"apiVersion": "autoscaling/v2",
	"kind": "HorizontalPodAutoscaler",
	"metadata": {"name": name},
	"spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": kind, "name": target}, "minReplicas": min_replicas, "maxReplicas": 10},
}

netpol(name, pod_selector, spec) := {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "NetworkPolicy",
	"metadata": {"name": name},
	"spec": object.union({"podSelector": pod_selector}, spec),
}

# Sets top-level fields of an object, replacing (not merging) existing values.
set_fields(obj, fields) := json.patch(obj, [{"op": "add", "path": concat("", ["/", key]), "value": value} | some key, value in fields])

paths(violations) := {v.path | some v in violations}

# A batch evaluated by the Pod Security controls `rules` at policy version 1.<version>.
pss_batch(objects, version, rules) := object.union(batch(objects), {"podSecurity": {
	"version": version,
	"level": "restricted",
	"rules": rules,
	"namespaces": {},
}})

# One pod with this spec, for a Pod Security control.
pss_pod(spec, version, rule) := pss_batch([pod("p", spec)], version, [rule])
