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
