{{/* The gateway's routing.yaml (the gateway rejects unknown keys, so exactly its format). */}}
{{- define "rollout-lab.routing" -}}
{{- $v := .Values -}}
{{- $url := printf "http://%%s:%d" 80 -}}
{{- if has $v.strategy (list "recreate" "rolling") -}}
strategy: rolling
groups:
  sample: [{{ printf $url (include "rollout-lab.trackName" (dict "root" . "track" "main")) }}]
rolling:
  group: sample
{{- else if eq $v.strategy "blueGreen" -}}
{{- $preview := ternary "green" "blue" (eq $v.blueGreen.active "blue") -}}
strategy: bluegreen
groups:
  blue: [{{ printf $url (include "rollout-lab.trackName" (dict "root" . "track" "blue")) }}]
  green: [{{ printf $url (include "rollout-lab.trackName" (dict "root" . "track" "green")) }}]
bluegreen:
  active: {{ $v.blueGreen.active }}
  preview: {{ $preview }}
{{- with $v.blueGreen.auto }}{{ if .enabled }}
  progressive:
    revision: {{ include "rollout-lab.autoRevision" (dict "root" $ "auto" . "track" $preview) }}
    prePromotion: {{ .prePromotion }}
    {{- /* Absent (empty, null or manual): the switch waits for `promote`. */}}
    {{- if and .autoPromotion (ne (toString .autoPromotion) "manual") }}
    autoPromotion: {{ .autoPromotion }}
    {{- end }}
    postPromotion: {{ .postPromotion }}
    {{- include "rollout-lab.autoJudging" . | nindent 4 }}
{{- end }}{{ end }}
{{- else if eq $v.canary.mode "replicas" -}}
{{- /* One Service over both Deployments: Kubernetes splits by pod count, the gateway just forwards. */}}
strategy: rolling
groups:
  all: [{{ printf $url (printf "%s-sample" (include "rollout-lab.fullname" .)) }}]
rolling:
  group: all
{{- else -}}
strategy: canary
groups:
  stable: [{{ printf $url (include "rollout-lab.trackName" (dict "root" . "track" "stable")) }}]
  canary: [{{ printf $url (include "rollout-lab.trackName" (dict "root" . "track" "canary")) }}]
canary:
  stable: stable
  canary: canary
  {{- /* With a progressive block the weight is the rollout's (the gateway refuses both together). */}}
  {{- if not (dig "auto" "enabled" false $v.canary) }}
  weight: {{ int $v.canary.weight }}
  {{- end }}
  sticky: {{ $v.canary.sticky }}
  fallback: {{ $v.canary.fallback }}
{{- with $v.canary.auto }}{{ if .enabled }}
  progressive:
    revision: {{ include "rollout-lab.autoRevision" (dict "root" $ "auto" . "track" "canary") }}
    steps:
      {{- range .steps }}
      - {weight: {{ int .weight }}, hold: {{ .hold }}}
      {{- end }}
    {{- include "rollout-lab.autoJudging" . | nindent 4 }}
{{- end }}{{ end }}
{{- end }}
{{- end }}

{{/*
A progressive block's revision, quoted: auto.revision, or the rolled-out track's version and image
tag (v2-2.0.0). Derived from values that change only with what runs, so an unrelated upgrade keeps
the revision and the gateway resumes the rollout instead of starting over.
Called with (dict "root" $ "auto" .Values.canary.auto "track" "canary").
*/}}
{{- define "rollout-lab.autoRevision" -}}
{{- if ne (toString .auto.revision) "" -}}
{{- toString .auto.revision | quote -}}
{{- else -}}
{{- $tracks := include "rollout-lab.tracks" .root | fromYaml -}}
{{- $name := (get $tracks .track).version -}}
{{- $version := include "rollout-lab.version" (dict "root" .root "name" $name "from" (include "rollout-lab.versionKey" .track)) | fromYaml -}}
{{- printf "%s-%s" $name (toString $version.tag) | quote -}}
{{- end -}}
{{- end }}

{{/* The analysis and probe keys, the same for canary and blue/green. Called with the auto block. */}}
{{- define "rollout-lab.autoJudging" -}}
analysis:
  interval: {{ .analysis.interval }}
  initialDelay: {{ .analysis.initialDelay }}
  minRequests: {{ int .analysis.minRequests }}
  maxErrorRate: {{ .analysis.maxErrorRate }}
  maxP99: {{ .analysis.maxP99 }}
  failureLimit: {{ int .analysis.failureLimit }}
  inconclusiveLimit: {{ int .analysis.inconclusiveLimit }}
probe:
  rate: {{ int .probe.rate }}
  path: {{ .probe.path | quote }}
{{- end }}
