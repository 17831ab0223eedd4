/**
 * The static pod manifests kubeadm writes on a control-plane node, abridged to the flags
 * learners look at (etcd data dir and certs, the API server's service CIDR and admission
 * plugins, the scheduler's kubeconfig), with kubeadm's probes and host-network setup.
 */
export const KUBE_VERSION = 'v1.32.0';

function probe(host: string, port: number, path: string, scheme: string, initial: number, failure: number): string {
  return `      failureThreshold: ${failure}
      httpGet:
        host: ${host}
        path: ${path}
        port: ${port}
        scheme: ${scheme}
      initialDelaySeconds: ${initial}
      periodSeconds: 10
      timeoutSeconds: 15`;
}

function pod(name: string, image: string, command: string[], ports: { host: string; port: number; live: string; ready?: string; scheme: string }, cpu: string, mounts: [string, string, string, boolean][], extraLabels = '', annotations = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
${annotations}  labels:
    component: ${name}
    tier: control-plane${extraLabels}
  name: ${name}
  namespace: kube-system
spec:
  containers:
  - command:
${command.map((c) => `    - ${c}`).join('\n')}
    image: ${image}
    imagePullPolicy: IfNotPresent
    livenessProbe:
${probe(ports.host, ports.port, ports.live, ports.scheme, 10, 8)}
    name: ${name}
${ports.ready ? `    readinessProbe:\n${probe(ports.host, ports.port, ports.ready, ports.scheme, 0, 3).replace('timeoutSeconds: 15', 'timeoutSeconds: 15').replace(/periodSeconds: 10/, 'periodSeconds: 1')}\n` : ''}    resources:
      requests:
        cpu: ${cpu}
    startupProbe:
${probe(ports.host, ports.port, ports.live, ports.scheme, 10, 24)}
    volumeMounts:
${mounts.map(([n, p, , ro]) => `    - mountPath: ${p}\n      name: ${n}${ro ? '\n      readOnly: true' : ''}`).join('\n')}
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
${mounts.map(([n, , hp]) => `  - hostPath:\n      path: ${hp}\n      type: ${hp.endsWith('.conf') ? 'FileOrCreate' : 'DirectoryOrCreate'}\n    name: ${n}`).join('\n')}
status: {}
`;
}

/** File name → manifest text, for /etc/kubernetes/manifests on the control-plane node. */
export function controlPlaneManifests(ip: string, node: string): Record<string, string> {
  return {
    'etcd.yaml': pod(
      'etcd',
      'registry.k8s.io/etcd:3.5.16-0',
      ['etcd', `--advertise-client-urls=https://${ip}:2379`, '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--client-cert-auth=true', '--data-dir=/var/lib/etcd', '--experimental-initial-corrupt-check=true', '--experimental-watch-progress-notify-interval=5s', `--initial-advertise-peer-urls=https://${ip}:2380`, `--initial-cluster=${node}=https://${ip}:2380`, '--key-file=/etc/kubernetes/pki/etcd/server.key', `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`, '--listen-metrics-urls=http://127.0.0.1:2381', `--listen-peer-urls=https://${ip}:2380`, `--name=${node}`, '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-client-cert-auth=true', '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key', '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--snapshot-count=10000', '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt'],
      { host: '127.0.0.1', port: 2381, live: '/livez', ready: '/readyz', scheme: 'HTTP' },
      '100m',
      [['etcd-data', '/var/lib/etcd', '/var/lib/etcd', false], ['etcd-certs', '/etc/kubernetes/pki/etcd', '/etc/kubernetes/pki/etcd', false]],
      '',
      `  annotations:\n    kubeadm.kubernetes.io/etcd.advertise-client-urls: https://${ip}:2379\n  creationTimestamp: null\n`,
    ),
    'kube-apiserver.yaml': pod(
      'kube-apiserver',
      `registry.k8s.io/kube-apiserver:${KUBE_VERSION}`,
      ['kube-apiserver', `--advertise-address=${ip}`, '--allow-privileged=true', '--authorization-mode=Node,RBAC', '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--enable-admission-plugins=NodeRestriction', '--enable-bootstrap-token-auth=true', '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt', '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt', '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key', '--etcd-servers=https://127.0.0.1:2379', '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt', '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--secure-port=6443', '--service-account-issuer=https://kubernetes.default.svc.cluster.local', '--service-account-key-file=/etc/kubernetes/pki/sa.pub', '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key', '--service-cluster-ip-range=10.96.0.0/12', '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt', '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key'],
      { host: ip, port: 6443, live: '/livez', ready: '/readyz', scheme: 'HTTPS' },
      '250m',
      [['ca-certs', '/etc/ssl/certs', '/etc/ssl/certs', true], ['k8s-certs', '/etc/kubernetes/pki', '/etc/kubernetes/pki', true]],
      '',
      `  annotations:\n    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: ${ip}:6443\n  creationTimestamp: null\n`,
    ),
    'kube-controller-manager.yaml': pod(
      'kube-controller-manager',
      `registry.k8s.io/kube-controller-manager:${KUBE_VERSION}`,
      ['kube-controller-manager', '--allocate-node-cidrs=true', '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf', '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf', '--bind-address=127.0.0.1', '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--cluster-cidr=10.244.0.0/16', '--cluster-name=kubernetes', '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt', '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key', '--controllers=*,bootstrapsigner,tokencleaner', '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true', '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt', '--root-ca-file=/etc/kubernetes/pki/ca.crt', '--service-account-private-key-file=/etc/kubernetes/pki/sa.key', '--service-cluster-ip-range=10.96.0.0/12', '--use-service-account-credentials=true'],
      { host: '127.0.0.1', port: 10257, live: '/healthz', scheme: 'HTTPS' },
      '200m',
      [['ca-certs', '/etc/ssl/certs', '/etc/ssl/certs', true], ['k8s-certs', '/etc/kubernetes/pki', '/etc/kubernetes/pki', true], ['kubeconfig', '/etc/kubernetes/controller-manager.conf', '/etc/kubernetes/controller-manager.conf', true]],
      '',
      '  creationTimestamp: null\n',
    ),
    'kube-scheduler.yaml': pod(
      'kube-scheduler',
      `registry.k8s.io/kube-scheduler:${KUBE_VERSION}`,
      ['kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'],
      { host: '127.0.0.1', port: 10259, live: '/livez', ready: '/readyz', scheme: 'HTTPS' },
      '100m',
      [['kubeconfig', '/etc/kubernetes/scheduler.conf', '/etc/kubernetes/scheduler.conf', true]],
      '',
      '  creationTimestamp: null\n',
    ),
  };
}
