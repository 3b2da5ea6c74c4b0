{{/* Pod level: uid 185 is the image's user; fsGroup makes the claim writable for it. */}}
{{- define "rollout-lab.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 185
runAsGroup: 185
fsGroup: 185
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Restricted Pod Security for every container. */}}
{{- define "rollout-lab.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end }}
