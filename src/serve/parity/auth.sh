# RBAC as kubectl auth sees it: access reviews answered by the server
kubectl auth whoami
kubectl auth can-i create deployments
kubectl create namespace dev
kubectl create serviceaccount ci -n dev
kubectl create role pod-reader --verb=get,list,watch --resource=pods,pods/log -n dev
kubectl create rolebinding jane-reads --role=pod-reader --user=jane -n dev
kubectl create rolebinding ci-reads --role=pod-reader --serviceaccount=dev:ci -n dev
kubectl create clusterrole node-viewer --verb=get,list --resource=nodes
kubectl create clusterrolebinding ops-nodes --clusterrole=node-viewer --group=ops
kubectl auth can-i list pods --as=jane -n dev
kubectl auth can-i list pods --as=jane
kubectl auth can-i get pods/log --as=jane -n dev
kubectl auth can-i delete pods --as=jane -n dev
kubectl auth can-i watch pods --as=system:serviceaccount:dev:ci -n dev
kubectl auth can-i list nodes --as=sam --as-group=ops
kubectl auth can-i list nodes --as=sam
kubectl auth can-i list nodes --as=sam -q
kubectl auth can-i list frobnicators --as=jane -n dev
kubectl auth can-i list
