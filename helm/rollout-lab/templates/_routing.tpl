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
strategy: bluegreen
groups:
  blue: [{{ printf $url (include "rollout-lab.trackName" (dict "root" . "track" "blue")) }}]
  green: [{{ printf $url (include "rollout-lab.trackName" (dict "root" . "track" "green")) }}]
bluegreen:
  active: {{ $v.blueGreen.active }}
  preview: {{ ternary "green" "blue" (eq $v.blueGreen.active "blue") }}
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
  weight: {{ int $v.canary.weight }}
  sticky: {{ $v.canary.sticky }}
  fallback: {{ $v.canary.fallback }}
{{- end }}
{{- end }}
