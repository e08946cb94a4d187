{{/* Resource name: the release name, suffixed with the chart name unless it already contains it. */}}
{{- define "kubelint-webhook.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the pods; never change them after the first install. */}}
{{- define "kubelint-webhook.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kubelint-webhook.labels" -}}
{{ include "kubelint-webhook.selectorLabels" . }}
app.kubernetes.io/component: admission-webhook
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "kubelint-webhook.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if .Values.image.digest -}}
{{ printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest }}
{{- else -}}
{{ printf "%s:%s" .Values.image.repository $tag }}
{{- end -}}
{{- end -}}

{{- define "kubelint-webhook.tlsSecret" -}}
{{- if .Values.tls.existingSecret -}}
{{ .Values.tls.existingSecret }}
{{- else -}}
{{ include "kubelint-webhook.fullname" . }}-tls
{{- end -}}
{{- end -}}

{{/* The .kubelint.json the webhook reads: config, with rules and exemptions merged in. */}}
{{- define "kubelint-webhook.config" -}}
{{- $config := deepCopy .Values.config -}}
{{- if .Values.rules -}}
{{- $_ := set $config "rules" (merge (deepCopy .Values.rules) (get $config "rules" | default dict)) -}}
{{- end -}}
{{- if .Values.exemptions -}}
{{- $_ := set $config "exemptions" (concat (get $config "exemptions" | default list) .Values.exemptions) -}}
{{- end -}}
{{- /* Each mounted policy bundle is loaded (and reloaded on change) by the webhook. */ -}}
{{- $bundles := list -}}
{{- range $name, $_ := .Values.policyBundles -}}
{{- $bundles = append $bundles (printf "/etc/kubelint/policies/%s" $name) -}}
{{- end -}}
{{- if $bundles -}}
{{- $_ := set $config "policies" (concat (get $config "policies" | default list) $bundles) -}}
{{- end -}}
{{ toPrettyJson $config }}
{{- end -}}
