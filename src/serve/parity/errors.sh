# Bad input gets kubectl's errors, and the cluster still answers
cat <<YAML > broken.yaml
apiVersion: v1
kind: Pod
metadata:
  name: broken
spec:
  containers:
  - name: c
    image: nginx
     ports: []
YAML
kubectl apply -f broken.yaml
cat <<YAML > unknown.yaml
apiVersion: v1
kind: Pod
metadata:
  name: unknown
spec:
  containers:
  - name: c
    imagee: nginx
YAML
kubectl apply -f unknown.yaml
cat <<YAML > invalid.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad
spec:
  replicas: -1
  selector:
    matchLabels:
      app: a
  template:
    metadata:
      labels:
        app: b
    spec:
      containers:
      - name: c
        image: nginx
YAML
kubectl apply -f invalid.yaml
kubectl delete pod nope
kubectl get nodes
kubectl get --raw /api/v1/nodes/node01/proxy/healthz
