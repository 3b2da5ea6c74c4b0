{{/*
The sample tracks the strategy runs, as YAML: track -> {version, replicas, faults}.
recreate/rolling: main; blueGreen: blue, green; canary: stable, canary.
As YAML because a named template returns only text: callers parse it back with fromYaml.
*/}}
{{- define "rollout-lab.tracks" -}}
{{- $v := .Values -}}
{{- $tracks := dict -}}
{{- if has $v.strategy (list "recreate" "rolling") -}}
{{- $_ := set $tracks "main" (pick $v.rollout "version" "replicas" "faults") -}}
{{- else if eq $v.strategy "blueGreen" -}}
{{- $_ := set $tracks "blue" $v.blueGreen.blue -}}
{{- $_ := set $tracks "green" $v.blueGreen.green -}}
{{- else -}}
{{- $_ := set $tracks "stable" $v.canary.stable -}}
{{- $_ := set $tracks "canary" (pick $v.canary "version" "replicas" "faults") -}}
{{- end -}}
{{- toYaml $tracks -}}
{{- end }}

{{/* A version's entry in .Values.versions; fails with the known names. Called with (dict "root" $ "name" "v2" "from" "rollout.version"). */}}
{{- define "rollout-lab.version" -}}
{{- $entry := get .root.Values.versions .name -}}
{{- if not $entry -}}
{{- fail (printf "%s is '%s', which is not a key of versions (known: %s)" .from .name (keys .root.Values.versions | sortAlpha | join ", ")) -}}
{{- end -}}
{{- toYaml $entry -}}
{{- end }}

{{/* Where each track's version is set, for error messages. */}}
{{- define "rollout-lab.versionKey" -}}
{{- $keys := dict "main" "rollout.version" "blue" "blueGreen.blue.version" "green" "blueGreen.green.version" "stable" "canary.stable.version" "canary" "canary.version" -}}
{{- get $keys . -}}
{{- end }}

{{/* Name of a track's Deployment, Service and ConfigMap: rl-sample (main) or rl-sample-blue. */}}
{{- define "rollout-lab.trackName" -}}
{{- if eq .track "main" -}}
{{- printf "%s-sample" (include "rollout-lab.fullname" .root) -}}
{{- else -}}
{{- printf "%s-sample-%s" (include "rollout-lab.fullname" .root) .track -}}
{{- end -}}
{{- end }}

{{/* A track's ConfigMap data; also hashed into its pods' annotation, so they restart on a change. */}}
{{- define "rollout-lab.sampleConfig" -}}
SAMPLE_GREETING: {{ .version.greeting | quote }}
SAMPLE_COLOR: {{ .version.color | quote }}
application.properties: |
  # Share of identity requests answered with 500 (0..1) and added delay.
  sample.fault.error-rate={{ .faults.errorRate }}
  sample.fault.latency={{ .faults.latency }}
{{- end }}
