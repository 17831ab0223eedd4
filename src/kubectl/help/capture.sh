#!/bin/sh
# Dev-time capture of real kubectl v1.32 help texts into texts.json (run from this folder).
set -e
cmds="
|get|describe|create|apply|delete|run|logs|exec|scale|rollout|rollout status|rollout history|rollout undo|rollout pause|rollout resume|rollout restart
|set|set image|set env|set resources|label|annotate|patch|expose|edit|replace|cordon|uncordon|drain|taint|wait|explain|api-resources|api-versions
|cluster-info|version|config|config view|config current-context|config get-contexts|config set-context|config use-context|diff|auth|auth can-i|autoscale|top|top pod|top node
|create deployment|create service|create service clusterip|create service nodeport|create configmap|create secret|create secret generic|create namespace|create job|create cronjob
|events|options"
echo "{" > texts.json
first=1
IFS='|'
for c in $cmds; do
  c=$(echo "$c" | tr -d '\n')
  if [ $first = 1 ]; then first=0; else echo "," >> texts.json; fi
  if [ -z "$c" ]; then out=$(kubectl --help 2>&1); else out=$(eval "kubectl $c --help" 2>&1); fi
  printf '%s: %s' "$(printf '%s' "$c" | node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(0,"utf8")))')" "$(printf '%s\n' "$out" | node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(0,"utf8")))')" >> texts.json
done
echo "}" >> texts.json
