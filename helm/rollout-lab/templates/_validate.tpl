{{/* Refuses combinations the schema cannot express. */}}
{{- define "rollout-lab.validate" -}}
{{- if and (ne .Values.router.type "gateway") (has .Values.strategy (list "recreate" "rolling")) -}}
{{- fail (printf "router.type %s splits traffic between tracks, so it needs strategy canary or blueGreen (strategy is %s)" .Values.router.type .Values.strategy) -}}
{{- end -}}
{{- if and (ne .Values.router.type "gateway") (eq .Values.strategy "canary") (eq .Values.canary.mode "replicas") -}}
{{- fail (printf "router.type %s and canary.mode replicas both decide the split; use canary.mode gateway with a router" .Values.router.type) -}}
{{- end -}}
{{- with .Values.volumes.persistence -}}
{{- if and .enabled (eq .provisioning "static") (not .existingClaim) (eq .static.source "nfs") (not .static.nfs.server) -}}
{{- fail "volumes.persistence.static.nfs.server is required when static.source is nfs" -}}
{{- end -}}
{{- if and (include "rollout-lab.staticHostPath" $) (not .static.nodeName) -}}
{{- fail "volumes.persistence.static.nodeName is required when static.source is hostPath: a hostPath volume is a directory on one node, so name that node (kubectl get nodes; on kind e.g. rollout-lab-worker)" -}}
{{- end -}}
{{- end -}}
{{- end }}
