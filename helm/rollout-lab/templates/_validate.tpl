{{/* Refuses combinations the schema cannot express. */}}
{{- define "rollout-lab.validate" -}}
{{- if and (ne .Values.router.type "gateway") (has .Values.strategy (list "recreate" "rolling")) -}}
{{- fail (printf "router.type %s splits traffic between tracks, so it needs strategy canary or blueGreen (strategy is %s)" .Values.router.type .Values.strategy) -}}
{{- end -}}
{{- if and (ne .Values.router.type "gateway") (eq .Values.strategy "canary") (eq .Values.canary.mode "replicas") -}}
{{- fail (printf "router.type %s and canary.mode replicas both decide the split; use canary.mode gateway with a router" .Values.router.type) -}}
{{- end -}}
{{- include "rollout-lab.validateAuto" . -}}
{{- with .Values.volumes.persistence -}}
{{- if and .enabled (eq .provisioning "static") (not .existingClaim) (eq .static.source "nfs") (not .static.nfs.server) -}}
{{- fail "volumes.persistence.static.nfs.server is required when static.source is nfs" -}}
{{- end -}}
{{- if and (include "rollout-lab.staticHostPath" $) (not .static.nodeName) -}}
{{- fail "volumes.persistence.static.nodeName is required when static.source is hostPath: a hostPath volume is a directory on one node, so name that node (kubectl get nodes; on kind e.g. rollout-lab-worker)" -}}
{{- end -}}
{{- end -}}
{{- end }}

{{/*
An automated rollout (canary.auto, blueGreen.auto, when its strategy is in effect) is run by the
gateway: it needs the gateway to split the traffic and one gateway to decide. The rest of the
checks are what the schema cannot say (increasing weights, minimum durations).
*/}}
{{- define "rollout-lab.validateAuto" -}}
{{- $v := .Values -}}
{{- $key := "" -}}
{{- $auto := dict -}}
{{- if and (eq $v.strategy "canary") (dig "auto" "enabled" false $v.canary) -}}
{{- $key = "canary.auto.enabled" -}}
{{- $auto = $v.canary.auto -}}
{{- if eq $v.canary.mode "replicas" -}}
{{- fail "canary.auto.enabled needs the gateway to split the traffic, but canary.mode is replicas (the split is the pod counts, which the gateway cannot move): use canary.mode gateway" -}}
{{- end -}}
{{- $previous := 0 -}}
{{- range $i, $step := $auto.steps -}}
{{- if le (int $step.weight) $previous -}}
{{- fail (printf "canary.auto.steps[%d].weight: the weights must increase step by step (%d comes after %d)" $i (int $step.weight) $previous) -}}
{{- end -}}
{{- $previous = int $step.weight -}}
{{- end -}}
{{- else if and (eq $v.strategy "blueGreen") (dig "auto" "enabled" false $v.blueGreen) -}}
{{- $key = "blueGreen.auto.enabled" -}}
{{- $auto = $v.blueGreen.auto -}}
{{- end -}}
{{- if $key -}}
{{- if ne $v.router.type "gateway" -}}
{{- fail (printf "%s needs the gateway to split the traffic, but router.type is %s (its fixed weights split it, which the gateway cannot move): use router.type gateway" $key $v.router.type) -}}
{{- end -}}
{{- if gt (int $v.gateway.replicas) 1 -}}
{{- fail (printf "%s needs gateway.replicas 1 (got %d): one gateway decides the rollout and writes its state" $key (int $v.gateway.replicas)) -}}
{{- end -}}
{{- $prefix := trimSuffix ".enabled" $key -}}
{{- if lt (int64 (include "rollout-lab.millis" $auto.analysis.interval)) 1000 -}}
{{- fail (printf "%s.analysis.interval: at least 1s (got %s)" $prefix $auto.analysis.interval) -}}
{{- end -}}
{{- if lt (int64 (include "rollout-lab.millis" $auto.analysis.maxP99)) 1 -}}
{{- fail (printf "%s.analysis.maxP99: at least 1ms (got %s)" $prefix $auto.analysis.maxP99) -}}
{{- end -}}
{{- end -}}
{{- end }}

{{/* A duration the schema has checked (500ms, 30s, 2m, 1h) in milliseconds. */}}
{{- define "rollout-lab.millis" -}}
{{- $number := regexFind "^[0-9]+" . -}}
{{- $unit := trimPrefix $number . -}}
{{- mul (int64 $number) (get (dict "ms" 1 "s" 1000 "m" 60000 "h" 3600000) $unit) -}}
{{- end }}
