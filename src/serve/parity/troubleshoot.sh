# what a learner types when something is wrong: events, logs, restarts, waits
cat <<YAML > broken.yaml
apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo starting; echo boom >&2; exit 1"]
---
apiVersion: v1
kind: Pod
metadata:
  name: typo-image
spec:
  containers:
  - name: web
    image: ngnix:latest
---
apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
  - name: web
    image: nginx:1.27
  - name: sidecar
    image: busybox:1.36
    command: ["sh", "-c", "while true; do echo tick; sleep 10; done"]
---
apiVersion: v1
kind: Pod
metadata:
  name: greedy
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: "64"
YAML
kubectl apply -f broken.yaml
sleep 2m
kubectl get pods
# (plain `kubectl events` is left out: it sorts with Go's unstable sort, and many events share a second)
kubectl events --for pod/crasher
kubectl events --types=Warning
kubectl describe pod greedy
kubectl describe pod typo-image
kubectl logs crasher
kubectl logs crasher --previous
kubectl logs two
kubectl logs two -c sidecar --tail=2
kubectl logs two -c nope
kubectl exec two -c sidecar -- echo hello
kubectl exec two -- cat /etc/hostname
kubectl wait --for=jsonpath='{.status.phase}'=Running pod/two --timeout=10s
kubectl get pod crasher -o jsonpath='{.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].state.waiting.reason}{"\n"}'
kubectl get pods --field-selector=status.phase=Pending
kubectl delete pod greedy typo-image --grace-period=0 --force
