# kubectl's generator commands: the real kubectl sends these bodies as protobuf
kubectl create namespace team-a
kubectl create deployment web --image=nginx:1.27 --replicas=3 --port=80 -n team-a
kubectl create deployment idle --image=nginx --replicas=0 -n team-a
kubectl create deployment sleeper --image=busybox -n team-a -- sleep 3600
kubectl create configmap settings --from-literal=mode=fast --from-literal=empty= -n team-a
kubectl create secret generic creds --from-literal=password=hunter2 -n team-a
kubectl create secret docker-registry regcred --docker-username=u --docker-password=p --docker-server=registry.example.com -n team-a
kubectl create service clusterip web --tcp=80:8080 -n team-a
kubectl create service nodeport web-np --tcp=80:80 --node-port=30080 -n team-a
kubectl create service externalname ext --external-name=example.com -n team-a
kubectl create job once --image=busybox -n team-a -- date
kubectl create cronjob tick --image=busybox --schedule="*/5 * * * *" --restart=OnFailure -n team-a
kubectl create serviceaccount robot -n team-a
kubectl create role reader --verb=get,list --resource=pods,services -n team-a
kubectl create rolebinding robot-reads --role=reader --serviceaccount=team-a:robot -n team-a
kubectl create clusterrole node-reader --verb=get,list,watch --resource=nodes
kubectl create clusterrolebinding bob-nodes --clusterrole=node-reader --user=bob
kubectl create priorityclass batch-low --value=0 --description="low priority batch"
kubectl create priorityclass web-high --value=1000 --preemption-policy=Never
kubectl create quota pods-max --hard=pods=10,requests.cpu=2 -n team-a
kubectl create pdb web-pdb --selector=app=web --min-available=0 -n team-a
kubectl create pdb web-pdb2 --selector=app=web --max-unavailable=50% -n team-a
kubectl create ingress web --rule="web.example.com/*=web:80,tls=web-cert" --class=nginx -n team-a
kubectl create deployment web --image=nginx -n team-a
kubectl create namespace Bad_Name
sleep 20s
kubectl get deploy,rs,svc,cm,secret,job,cronjob,sa,role,rolebinding,quota,pdb,ingress -n team-a
kubectl get deploy web idle sleeper -n team-a -o yaml
kubectl get svc web web-np ext -n team-a -o yaml
kubectl get cm settings -n team-a -o yaml
kubectl get secret creds regcred -n team-a -o yaml
kubectl get job once -n team-a -o yaml
kubectl get cronjob tick -n team-a -o yaml
kubectl get role reader -n team-a -o yaml
kubectl get rolebinding robot-reads -n team-a -o yaml
kubectl get clusterrole node-reader -o yaml
kubectl get clusterrolebinding bob-nodes -o yaml
kubectl get priorityclass batch-low web-high -o yaml
kubectl get quota pods-max -n team-a -o yaml
kubectl get pdb web-pdb web-pdb2 -n team-a -o yaml
kubectl get ingress web -n team-a -o yaml
