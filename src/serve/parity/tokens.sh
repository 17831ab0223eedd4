# kubectl create token: TokenRequests on serviceaccounts/NAME/token
kubectl create serviceaccount robot
kubectl create token robot
kubectl create token robot --duration=2h --audience=https://vault.example.com
kubectl create token robot -o yaml
kubectl create token robot --duration=5m
kubectl create token nosuch
kubectl create token
kubectl create token robot --bound-object-kind=Pod
kubectl create token robot --bound-object-name=web
kubectl create token robot --duration=soon
kubectl create token robot --duration=-1s
