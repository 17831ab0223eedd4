# describe and the YAML of a live pod
kubectl run web --image=nginx:1.27
sleep 20s
kubectl get pod web -o yaml
kubectl describe node node01
kubectl describe deploy coredns -n kube-system
kubectl get pods -n kube-system -o name
kubectl get cm -A
