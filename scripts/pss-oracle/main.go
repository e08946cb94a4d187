// pss-oracle: the PodSecurity admission's own checks (k8s.io/pod-security-admission/policy) as an
// oracle for kubelint's pss-* rules. Reads YAML files of Pods (and workloads: their pod template)
// and prints, per file, level and version, the check ids that refuse it, as JSON lines.
// Not part of kubelint: built on demand by scripts/pss-oracle-diff.mjs into an ignored folder.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"sigs.k8s.io/yaml"
)

// The admission's ForbiddenReason names its check; two reasons are shared by a baseline check and
// the restricted one that replaces it, which a restricted evaluation reports instead.
var byReason = map[string]string{
	"host namespaces":                   "hostNamespaces",
	"privileged":                        "privileged",
	"non-default capabilities":          "capabilities_baseline",
	"unrestricted capabilities":         "capabilities_restricted",
	"hostPath volumes":                  "hostPathVolumes",
	"hostPort":                          "hostPorts",
	"forbidden AppArmor profile":        "appArmorProfile",
	"forbidden AppArmor profiles":       "appArmorProfile",
	"seLinuxOptions":                    "seLinuxOptions",
	"forbidden sysctls":                 "sysctls",
	"probe or lifecycle host":           "hostProbesAndHostLifecycle",
	"hostProcess":                       "windowsHostProcess",
	"restricted volume types":           "restrictedVolumes",
	"allowPrivilegeEscalation != false": "allowPrivilegeEscalation",
	"runAsNonRoot != true":              "runAsNonRoot",
	"runAsUser=0":                       "runAsUser",
}

type object struct {
	Kind     string            `json:"kind"`
	Metadata metav1.ObjectMeta `json:"metadata"`
	Spec     json.RawMessage   `json:"spec"`
}

func podOf(data []byte) (*metav1.ObjectMeta, *corev1.PodSpec, error) {
	var obj object
	if err := yaml.Unmarshal(data, &obj); err != nil {
		return nil, nil, err
	}
	if obj.Kind == "Pod" {
		var spec corev1.PodSpec
		if err := json.Unmarshal(obj.Spec, &spec); err != nil {
			return nil, nil, err
		}
		return &obj.Metadata, &spec, nil
	}
	var holder struct {
		Template    *corev1.PodTemplateSpec `json:"template"`
		JobTemplate *struct {
			Spec struct {
				Template corev1.PodTemplateSpec `json:"template"`
			} `json:"spec"`
		} `json:"jobTemplate"`
	}
	if err := json.Unmarshal(obj.Spec, &holder); err != nil {
		return nil, nil, err
	}
	switch {
	case holder.Template != nil:
		return &holder.Template.ObjectMeta, &holder.Template.Spec, nil
	case holder.JobTemplate != nil:
		return &holder.JobTemplate.Spec.Template.ObjectMeta, &holder.JobTemplate.Spec.Template.Spec, nil
	}
	return nil, nil, fmt.Errorf("no pod spec in a %s", obj.Kind)
}

func main() {
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		panic(err)
	}
	out := json.NewEncoder(os.Stdout)
	for _, file := range os.Args[1:] {
		data, err := os.ReadFile(file)
		if err != nil {
			panic(err)
		}
		meta, spec, err := podOf(data)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
			continue
		}
		applyDefaults(spec, isPod(data))
		for _, level := range []api.Level{api.LevelBaseline, api.LevelRestricted} {
			for minor := 30; minor <= 36; minor++ {
				checks := map[string]bool{}
				for _, r := range evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: api.MajorMinorVersion(1, minor)}, meta, spec) {
					if r.Allowed {
						continue
					}
					id, ok := byReason[r.ForbiddenReason]
					switch {
					case r.ForbiddenReason == "procMount":
						id, ok = "procMount", true
						if level == api.LevelRestricted && minor >= 35 {
							id = "procMount_restricted"
						}
					case r.ForbiddenReason == "seccompProfile":
						id, ok = "seccompProfile_baseline", true
						if level == api.LevelRestricted {
							id = "seccompProfile_restricted"
						}
					}
					if !ok {
						id = "unknown:" + r.ForbiddenReason
					}
					checks[id] = true
				}
				ids := []string{}
				for id := range checks {
					ids = append(ids, id)
				}
				sort.Strings(ids)
				_ = out.Encode(map[string]any{"file": file, "level": string(level), "version": minor, "checks": ids})
			}
		}
	}
}

func isPod(data []byte) bool {
	var obj object
	return yaml.Unmarshal(data, &obj) == nil && obj.Kind == "Pod"
}

// The two API defaults (k8s.io/kubernetes pkg/apis/core/v1) that change a PodSecurity verdict,
// applied as the API server applies them before admission: a volume without a source is an
// emptyDir, and a Pod (not a template, since v1.28) on the host network gets hostPort = containerPort.
func applyDefaults(spec *corev1.PodSpec, pod bool) {
	for i := range spec.Volumes {
		v := &spec.Volumes[i]
		if v.VolumeSource == (corev1.VolumeSource{}) {
			v.EmptyDir = &corev1.EmptyDirVolumeSource{}
		}
	}
	if !pod || !spec.HostNetwork {
		return
	}
	for _, containers := range [][]corev1.Container{spec.Containers, spec.InitContainers} {
		for i := range containers {
			for j := range containers[i].Ports {
				if containers[i].Ports[j].HostPort == 0 {
					containers[i].Ports[j].HostPort = containers[i].Ports[j].ContainerPort
				}
			}
		}
	}
}
