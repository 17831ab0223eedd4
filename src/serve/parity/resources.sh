# config, RBAC, networking and batch objects: get, describe and their errors
# one key each: kubectl describe prints a ConfigMap's keys in Go's random map order
kubectl create configmap app-config --from-literal=LOG_LEVEL=debug
kubectl create secret generic db-pass --from-literal=password=s3cret
kubectl create role pod-reader --verb=get,list --resource=pods
kubectl create rolebinding read-pods --role=pod-reader --user=jane
kubectl create clusterrole ns-viewer --verb=get,list,watch --resource=namespaces
cat <<YAML > net.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-only-from-api
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes: ["Ingress"]
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: api
    ports:
    - protocol: TCP
      port: 5432
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
---
apiVersion: batch/v1
kind: Job
metadata:
  name: flaky
spec:
  backoffLimit: 1
  template:
    spec:
      containers:
      - name: flaky
        image: busybox:1.36
        command: ["sh", "-c", "exit 3"]
      restartPolicy: Never
YAML
kubectl apply -f net.yaml
kubectl run web --image=nginx:1.27 --labels=app=web --port=80
kubectl expose pod web --port=80
sleep 2m
kubectl get cm,secret,role,rolebinding,netpol,ingress,job
kubectl describe cm app-config
kubectl describe secret db-pass
kubectl describe role pod-reader
kubectl describe rolebinding read-pods
kubectl describe clusterrole ns-viewer
kubectl describe netpol db-only-from-api
kubectl describe ingress web
kubectl describe job flaky
kubectl get pods -l job-name=flaky
kubectl get endpointslices -l kubernetes.io/service-name=web
kubectl get events --field-selector reason=BackoffLimitExceeded
kubectl get nodes -o wide
kubectl get pod web -o jsonpath='{.status.podIP}{" "}{.spec.nodeName}{"\n"}'
kubectl get pod web -o go-template='{{.metadata.name}} {{range .spec.containers}}{{.image}}{{end}}{{"\n"}}'
# (an object's raw JSON keeps the key order its client sent, so it is left out here)
kubectl get --raw /apis/networking.k8s.io/v1
kubectl get --raw /api/v1/namespaces/default/secrets/nope
kubectl get --raw api/v1
kubectl get configmap nope
kubectl describe secret nope
kubectl delete role nope
kubectl get pods --selector='app in (web'
kubectl get pods -o foo
kubectl cluster-info
