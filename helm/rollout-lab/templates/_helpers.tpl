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

{{/*
The sample tracks the strategy runs, as YAML: track -> {version, replicas, faults}.
recreate/rolling: main; blueGreen: blue, green; canary: stable, canary.
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

{{/* Restricted Pod Security for every container. */}}
{{- define "rollout-lab.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end }}

{{/* Pod level: uid 185 is the image's user; fsGroup makes the claim writable for it. */}}
{{- define "rollout-lab.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 185
runAsGroup: 185
fsGroup: 185
seccompProfile:
  type: RuntimeDefault
{{- end }}

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

{{/* A track's ConfigMap data; also hashed into its pods' annotation, so they restart on a change. */}}
{{- define "rollout-lab.sampleConfig" -}}
SAMPLE_GREETING: {{ .version.greeting | quote }}
SAMPLE_COLOR: {{ .version.color | quote }}
application.properties: |
  # Share of identity requests answered with 500 (0..1) and added delay.
  sample.fault.error-rate={{ .faults.errorRate }}
  sample.fault.latency={{ .faults.latency }}
{{- end }}

{{/* A Service in front of sample pods: (dict "root" $ "name" .. "track" label value "selectTrack" track to select, "" for all). */}}
{{- define "rollout-lab.sampleService" }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .name }}
  labels:
    {{- include "rollout-lab.labels" (dict "root" .root "component" "sample" "track" .track) | nindent 4 }}
spec:
  type: ClusterIP
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
  selector:
    {{- include "rollout-lab.selectorLabels" (dict "root" .root "component" "sample" "track" .selectTrack) | nindent 4 }}
{{- end }}
