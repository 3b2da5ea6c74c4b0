{{/* NOTES.txt: watching and steering an automated rollout through the gateway port-forward the notes start. */}}
{{- define "rollout-lab.notesAuto" }}
  ./rollout-lab watch --gateway http://localhost:8080   # every step and verdict; exits 0 Promoted, 1 Aborted, 3 Paused
  curl -s localhost:8080/gateway/rollout                # the rollout's state as JSON (the UI shows it as a panel)
  # commands are accepted from loopback only, which a port-forward is (403 from anywhere else):
  ./rollout-lab promote --gateway http://localhost:8080  # next step (--full: all the way); also abort, retry, pause, resume
  curl -s -X POST localhost:8080/gateway/rollout/abort  # the same without the CLI: promote, abort, retry, pause, resume
{{- end }}
