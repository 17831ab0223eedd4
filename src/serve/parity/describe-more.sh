# describe across the kinds a course touches, and the wide tables
kubectl create namespace shop
cat <<YAML > shop.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: redis:7
        ports:
        - containerPort: 6379
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
---
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 6379
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: shop
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: ["sleep", "3600"]
        resources:
          requests:
            cpu: 50m
            memory: 32Mi
          limits:
            memory: 64Mi
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: shop
spec:
  schedule: "*/10 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: report
            image: busybox:1.36
            command: ["date"]
          restartPolicy: OnFailure
---
apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: shop
spec:
  limits:
  - type: Container
    default:
      cpu: 200m
      memory: 128Mi
    defaultRequest:
      cpu: 100m
      memory: 64Mi
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: quota
  namespace: shop
spec:
  hard:
    pods: "20"
    requests.cpu: "4"
YAML
kubectl apply -f shop.yaml
sleep 1m
kubectl get sts,ds,cronjob,pvc,pv -n shop -o wide
kubectl get pods -n shop -o wide --show-labels
kubectl describe sts db -n shop
kubectl describe ds agent -n shop
kubectl describe cronjob report -n shop
kubectl describe pvc data-db-0 -n shop
kubectl describe svc db -n shop
kubectl describe pod db-0 -n shop
kubectl describe sa default -n shop
kubectl describe endpoints db -n shop
kubectl describe storageclass
kubectl get events -n shop --field-selector involvedObject.kind=StatefulSet
kubectl get pods -n shop -L app --sort-by=.metadata.name
kubectl get pods -A --field-selector=status.phase=Running -l 'app in (db, agent)'
kubectl scale sts db -n shop --replicas=3
sleep 30s
kubectl get pods -n shop -l app=db
kubectl rollout status sts/db -n shop
kubectl set image ds/agent agent=busybox:1.37 -n shop
sleep 1m
kubectl rollout history ds/agent -n shop
kubectl get ds agent -n shop
kubectl logs db-0 -n shop --tail=3
kubectl exec db-0 -n shop -- hostname
kubectl delete sts db -n shop
kubectl get pvc -n shop
