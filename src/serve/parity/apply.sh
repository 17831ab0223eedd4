# apply, server-side apply, replace and the errors a learner makes in YAML
cat <<YAML > app.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    app: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
  - port: 80
YAML
kubectl apply -f app.yaml
kubectl apply -f app.yaml
sed -i 's/replicas: 2/replicas: 3/' app.yaml
kubectl apply -f app.yaml --dry-run=server
kubectl apply -f app.yaml
kubectl get deploy api -o jsonpath='{.spec.replicas}{"\n"}'
kubectl apply -f app.yaml --server-side --force-conflicts
kubectl get deploy api -o jsonpath='{.metadata.managedFields[*].manager}{"\n"}'
cat <<YAML > cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
YAML
kubectl apply --server-side -f cm.yaml
sed -i 's/fast/slow/' cm.yaml
kubectl replace -f cm.yaml
kubectl get cm settings -o jsonpath='{.data.mode}{"\n"}'
cat <<YAML > bad-field.yaml
apiVersion: v1
kind: Pod
metadata:
  name: typo
spec:
  containers:
  - name: web
    image: nginx
    imagePullPolice: Always
YAML
kubectl apply -f bad-field.yaml
kubectl apply -f bad-field.yaml --validate=false
kubectl get pod typo -o jsonpath='{.spec.containers[0].imagePullPolicy}{"\n"}'
cat <<YAML > bad-type.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  replicas: "two"
  selector:
    matchLabels:
      app: broken
  template:
    metadata:
      labels:
        app: broken
    spec:
      containers:
      - name: web
        image: nginx
YAML
kubectl apply -f bad-type.yaml
cat <<YAML > bad-selector.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mismatch
spec:
  selector:
    matchLabels:
      app: one
  template:
    metadata:
      labels:
        app: two
    spec:
      containers:
      - name: web
        image: nginx
YAML
kubectl apply -f bad-selector.yaml
cat <<YAML > bad-kind.yaml
apiVersion: v1
kind: Frobnicator
metadata:
  name: x
YAML
kubectl apply -f bad-kind.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [oops\n' > broken.yaml
kubectl apply -f broken.yaml
kubectl create -f app.yaml
kubectl delete -f app.yaml
kubectl delete -f app.yaml
