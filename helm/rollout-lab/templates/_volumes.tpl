{{/* The claim mounted at /mnt/data. */}}
{{- define "rollout-lab.claimName" -}}
{{- .Values.volumes.persistence.existingClaim | default (printf "%s-data" (include "rollout-lab.fullname" .)) -}}
{{- end }}

{{/* Cluster-scoped, so the static volume's name carries the namespace. */}}
{{- define "rollout-lab.staticVolumeName" -}}
{{- printf "%s-%s-data" .Release.Namespace (include "rollout-lab.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* "true" when the claim at /mnt/data is a chart-made static hostPath volume (root:0755 on its node, like any hostPath). */}}
{{- define "rollout-lab.staticHostPath" -}}
{{- with .Values.volumes.persistence -}}
{{- if and .enabled (eq .provisioning "static") (not .existingClaim) (eq .static.source "hostPath") -}}
true
{{- end -}}
{{- end -}}
{{- end }}

{{/*
The directories the chown-volumes init container hands to uid 185, as a YAML list: the kubelet
makes a hostPath directory as root with mode 0755, and fsGroup does not apply to hostPath.
*/}}
{{- define "rollout-lab.chownPaths" -}}
{{- $paths := list -}}
{{- if .Values.volumes.hostPath.enabled -}}
{{- $paths = append $paths "/mnt/node" -}}
{{- end -}}
{{- if include "rollout-lab.staticHostPath" . -}}
{{- $paths = append $paths "/mnt/data" -}}
{{- end -}}
{{- toYaml $paths -}}
{{- end }}
