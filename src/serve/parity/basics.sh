# Reading the starting cluster
kubectl get nodes
kubectl get namespaces
kubectl get pods -n kube-system
kubectl get pods -A -o wide
kubectl get svc
kubectl get all
kubectl get nodes -o name
kubectl api-versions
kubectl get pod nothing-here
kubectl get podz
kubectl get pods --field-selector status.hostIP=1.2.3.4
kubectl get pods -l 'app in (web'
kubectl version -o json
