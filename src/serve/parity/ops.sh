# Day-two operations: nodes, rollouts, patches, labels, waits, exposure, discovery
kubectl create deployment web --image=nginx:1.27 --replicas=3
sleep 30s
kubectl cordon node01
kubectl get nodes
kubectl taint nodes node02 dedicated=batch:NoSchedule
kubectl describe node node02
kubectl taint nodes node02 dedicated=batch:NoSchedule-
kubectl uncordon node01
kubectl get pods -o wide
kubectl expose deployment web --port=80 --target-port=8080 --name=web-svc
kubectl get svc web-svc -o yaml
kubectl rollout pause deployment/web
kubectl set env deployment/web MODE=fast
kubectl set resources deployment/web --limits=cpu=200m,memory=128Mi
kubectl rollout resume deployment/web
sleep 1m
kubectl rollout status deployment/web --timeout=2m
kubectl rollout history deployment/web
kubectl get rs
kubectl patch deployment web -p '{"spec":{"replicas":2}}'
kubectl patch deployment web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":4}]'
kubectl patch deployment web --type=merge -p '{"metadata":{"labels":{"tier":"front"}}}'
kubectl get deploy web -o jsonpath='{.spec.replicas} {.metadata.labels}{"\n"}'
kubectl label deployment web tier=back
kubectl label deployment web tier=back --overwrite
kubectl label deployment web tier-
kubectl annotate deployment web owner=team-a
sleep 30s
kubectl wait --for=condition=Available deployment/web --timeout=60s
kubectl get pods -o name
kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName --sort-by=.metadata.name
kubectl delete pods -l app=web --wait=false
kubectl api-resources --namespaced=false
kubectl explain deployment.spec.strategy
kubectl top nodes
kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=70
kubectl get hpa
kubectl get hpa web -o yaml
kubectl get horizontalpodautoscalers.v1.autoscaling web -o yaml
kubectl patch hpa.v1.autoscaling web --type=merge -p '{"spec":{"targetCPUUtilizationPercentage":50}}'
kubectl patch horizontalpodautoscalers.v1.autoscaling web --type=merge -p '{"spec":{"targetCPUUtilizationPercentage":50}}'
kubectl get hpa web -o jsonpath='{.spec.metrics[0].resource.target.averageUtilization}{"\n"}'
kubectl get all
