{{/* Chart name, for app.kubernetes.io/name. */}}
{{- define "rollout-lab.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every object name. The release name alone (rl -> rl-sample-stable), so the names the
labs and the gateway's routing use stay short; 40 characters leave room for every suffix.
*/}}
{{- define "rollout-lab.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- end }}

{{- define "rollout-lab.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels. Called with (dict "root" $ "component" "sample" "track" "blue").
Never the version: selectors are immutable, a version in them would block the next rollout.
*/}}
{{- define "rollout-lab.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rollout-lab.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- with .track }}
rollout-lab.dev/track: {{ . }}
{{- end }}
{{- end }}

{{/* All labels: the selector labels plus version, chart and manager. Same argument, "version" optional. */}}
{{- define "rollout-lab.labels" -}}
helm.sh/chart: {{ include "rollout-lab.chart" .root }}
{{ include "rollout-lab.selectorLabels" . }}
app.kubernetes.io/version: {{ .version | default .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: rollout-lab
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}
