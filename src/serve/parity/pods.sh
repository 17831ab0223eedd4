# A pod: run, inspect, logs, exec, label, delete
kubectl run web --image=nginx:1.27 --labels=app=web,tier=fe
sleep 20s
kubectl get pods
kubectl get pods --show-labels
kubectl get pods -L tier
kubectl get pod web -o jsonpath='{.status.phase}{"\n"}'
kubectl logs web
kubectl exec web -- hostname
kubectl label pod web env=dev
kubectl annotate pod web note=hello
kubectl get pod web -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName
kubectl delete pod web --grace-period=0 --force
kubectl get pods
kubectl run pinned --image=nginx --overrides='{"spec":{"nodeName":"node02","containers":[{"name":"pinned","image":"busybox"}]}}' --dry-run=client -o yaml
kubectl run merged --image=nginx --override-type=strategic --overrides='{"spec":{"containers":[{"name":"merged","image":"busybox"}]}}' --dry-run=client -o yaml
kubectl run patched --image=nginx --override-type=json --overrides='[{"op":"add","path":"/spec/hostname","value":"h1"}]'
kubectl get pod patched -o jsonpath='{.spec.hostname}{"\n"}'
kubectl run broken --image=nginx --overrides='{bad'
kubectl run odd --image=nginx --override-type=foo --overrides='{}'
