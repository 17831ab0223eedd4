# LimitRange defaults and bounds, ResourceQuota admission and the quota controller's status
# (one resource per LimitRange item: kubectl prints an item's resources in Go's random map order)
kubectl create namespace team
cat <<YAML > limits.yaml
apiVersion: v1
kind: LimitRange
metadata:
  name: limits
  namespace: team
spec:
  limits:
  - type: Container
    default:
      cpu: 500m
    defaultRequest:
      cpu: 100m
    max:
      cpu: "1"
  - type: Container
    default:
      memory: 128Mi
    defaultRequest:
      memory: 64Mi
    min:
      memory: 32Mi
  - type: Pod
    max:
      memory: 1Gi
YAML
kubectl apply -f limits.yaml
cat <<YAML > quota.yaml
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
  namespace: team
spec:
  hard:
    pods: "3"
    requests.cpu: "1"
    requests.memory: 1Gi
    limits.cpu: 2000m
    limits.memory: 2Gi
YAML
kubectl apply -f quota.yaml
kubectl create quota objects --hard=configmaps=2,services=1,count/deployments.apps=1 -n team
kubectl get quota -n team
kubectl run web --image=nginx -n team
kubectl get pod web -n team -o jsonpath='{.metadata.annotations}{"\n"}{.spec.containers[0].resources}{"\n"}'
kubectl describe pod web -n team
cat <<YAML > big.yaml
apiVersion: v1
kind: Pod
metadata:
  name: big
  namespace: team
spec:
  containers:
  - name: app
    image: nginx
    resources:
      limits:
        cpu: "2"
YAML
kubectl apply -f big.yaml
cat <<YAML > greedy.yaml
apiVersion: v1
kind: Pod
metadata:
  name: greedy
  namespace: team
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 950m
      limits:
        cpu: "1"
YAML
kubectl create -f greedy.yaml
cat <<YAML > tiny.yaml
apiVersion: v1
kind: Pod
metadata:
  name: tiny
  namespace: team
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        memory: 16Mi
      limits:
        memory: 16Mi
YAML
kubectl create -f tiny.yaml
kubectl run second --image=nginx -n team
kubectl run third --image=nginx -n team
kubectl run fourth --image=nginx -n team
kubectl create configmap one --from-literal=a=b -n team
kubectl create configmap two --from-literal=a=b -n team
kubectl get quota -n team
kubectl describe quota compute -n team
kubectl describe quota -n team
kubectl describe limitrange limits -n team
kubectl describe limits -n team
kubectl describe ns team
kubectl delete pod third -n team
kubectl get quota compute -n team
kubectl describe quota compute -n team
kubectl create namespace bare
kubectl create quota compute --hard=requests.cpu=1,limits.memory=1Gi -n bare
kubectl run lonely --image=nginx -n bare
kubectl describe ns bare
kubectl create namespace scoped
kubectl create quota besteffort --hard=pods=1 --scopes=BestEffort,NotTerminating -n scoped
kubectl run a --image=nginx -n scoped
kubectl run b --image=nginx -n scoped
kubectl get quota -n scoped
kubectl describe quota besteffort -n scoped
kubectl describe ns scoped
