# A Deployment from a file: create, scale, update, undo
cat <<YAML > web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.26
        ports:
        - containerPort: 80
YAML
kubectl apply -f web.yaml
sleep 30s
kubectl get deployments
kubectl get rs
kubectl get pods -o wide
kubectl get deploy web -o jsonpath='{.spec.replicas} {.status.readyReplicas}{"\n"}'
kubectl apply -f web.yaml
kubectl scale deployment web --replicas=5
sleep 30s
kubectl get deploy web
kubectl set image deployment/web web=nginx:1.27
sleep 60s
kubectl rollout history deployment/web
kubectl rollout undo deployment/web
sleep 60s
kubectl get rs -o wide
kubectl get deploy web -o yaml
kubectl delete deployment web
