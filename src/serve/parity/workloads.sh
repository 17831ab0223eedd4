# DaemonSets, Jobs, Services and their tables
cat <<YAML > ds.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
  namespace: kube-system
spec:
  selector:
    matchLabels:
      name: fluentd
  template:
    metadata:
      labels:
        name: fluentd
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
YAML
kubectl apply -f ds.yaml
sleep 30s
kubectl get ds -n kube-system
kubectl get pods -n kube-system -l name=fluentd -o wide
cat <<YAML > job.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(50)"]
      restartPolicy: Never
  backoffLimit: 4
YAML
kubectl apply -f job.yaml
sleep 1m
kubectl get jobs
kubectl logs job/pi
kubectl get pods -l job-name=pi
cat <<YAML > svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
YAML
kubectl apply -f svc.yaml
kubectl get svc
kubectl get endpoints web
kubectl describe svc web
kubectl get events --field-selector involvedObject.name=pi
