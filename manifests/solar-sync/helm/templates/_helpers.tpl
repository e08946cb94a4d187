{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "solar-sync.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Resource name: the release name, suffixed with the chart name unless it already contains it. */}}
{{- define "solar-sync.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the pods; never change them after the first install. */}}
{{- define "solar-sync.selectorLabels" -}}
app.kubernetes.io/name: {{ include "solar-sync.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels for every object. */}}
{{- define "solar-sync.labels" -}}
{{ include "solar-sync.selectorLabels" . }}
app.kubernetes.io/component: agent
app.kubernetes.io/part-of: solar-sync
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The image reference: by digest when given, else by an explicit tag (never latest). */}}
{{- define "solar-sync.image" -}}
{{- $image := .Values.image -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else if or (not $image.tag) (eq (toString $image.tag) "latest") -}}
{{- fail "image.tag must be an explicit version (not empty, not \"latest\"), or set image.digest" -}}
{{- else -}}
{{- printf "%s:%s" $image.repository (toString $image.tag) -}}
{{- end -}}
{{- end -}}
