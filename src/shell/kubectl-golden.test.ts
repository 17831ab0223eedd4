/**
 * Golden outputs of kubectl commands through the shell, on the assembled cluster:
 * exact stdout, stderr and exit codes, including error paths.
 */
import { describe, expect, it } from 'vitest';
import { scriptedShell } from './testing';

describe('kubectl golden outputs', () => {
  it('label, annotate, patch and delete messages', async () => {
    const s = scriptedShell();
    await s.run('kubectl create deployment web --image=nginx');
    const r = await s.run(
      [
        'kubectl label deploy web tier=fe',
        'kubectl label deploy web tier=be',
        'kubectl label deploy web tier=be --overwrite',
        'kubectl label deploy web tier-',
        'kubectl label deploy web tier-',
        'kubectl annotate deploy web note=hi',
        `kubectl patch deploy web -p '{"spec":{"replicas":2}}'`,
        `kubectl patch deploy web -p '{"spec":{"replicas":2}}'`,
        `kubectl patch deploy web --type=merge -p '{"spec":{"replicas":1}}'`,
        `kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'`,
        'kubectl delete deploy web',
        'kubectl delete deploy web',
        'kubectl delete deploy web --ignore-not-found',
      ].join('\n'),
    );
    expect(r.out).toBe(
      [
        'deployment.apps/web labeled',
        'deployment.apps/web labeled',
        'deployment.apps/web unlabeled',
        'label "tier" not found.',
        'deployment.apps/web not labeled',
        'deployment.apps/web annotated',
        'deployment.apps/web patched',
        'deployment.apps/web patched (no change)',
        'deployment.apps/web patched',
        'deployment.apps/web patched',
        'deployment.apps "web" deleted',
        '',
      ].join('\n'),
    );
    expect(r.err).toBe(
      "error: 'tier' already has a value (fe), and --overwrite is false\nError from server (NotFound): deployments.apps \"web\" not found\n",
    );
  });

  it('get: names, custom columns, label columns, sort, wide', async () => {
    const s = scriptedShell();
    await s.run('kubectl create deployment web --image=nginx:1.27 --replicas=2\nkubectl run solo --image=nginx --labels=app=solo,tier=x\nsleep 20s');
    expect((await s.run('kubectl get pods -o name --sort-by=.metadata.name')).out).toMatch(/^pod\/solo\npod\/web-[a-z0-9]+-[a-z0-9]{5}\npod\/web-[a-z0-9]+-[a-z0-9]{5}\n$/);
    expect((await s.run('kubectl get pod solo -L tier --show-labels')).out).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE   TIER   LABELS\nsolo   1/1     Running   0          20s   x      app=solo,tier=x\n',
    );
    expect((await s.run('kubectl get pod solo -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image,X:.nope')).out).toBe(
      'NAME   IMAGE   X\nsolo   nginx   <none>\n',
    );
    expect((await s.run('kubectl get deploy web -o wide')).out).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\nweb    2/2     2            2           20s   nginx        nginx:1.27   app=web\n',
    );
    expect((await s.run('kubectl get pods -l app=solo --no-headers')).out).toBe('solo   1/1   Running   0     20s\n');
    expect((await s.run('kubectl get pods --field-selector=status.phase=Pending')).err).toBe('No resources found in default namespace.\n');
    const o = await s.run('kubectl get deploy web -o yaml | grep -c last-applied');
    expect(o.out).toBe('0\n');
  });

  it('get -w prints the table, then one row per change', async () => {
    const s = scriptedShell();
    await s.run('kubectl run nginx --image=nginx');
    const r = await s.run('kubectl get pods -w');
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('NAME    READY   STATUS              RESTARTS   AGE');
    expect(lines[1]).toBe('nginx   0/1     ContainerCreating   0          0s');
    expect(lines[lines.length - 1]).toMatch(/^nginx   1\/1     Running             0          \ds$/);
  });

  it('nodes: cordon, taint, drain blockers', async () => {
    const s = scriptedShell();
    await s.run('kubectl run solo --image=nginx --overrides={} \nsleep 10s');
    const node = (await s.run("kubectl get pod solo -o jsonpath='{.spec.nodeName}'")).out;
    const r = await s.run(`kubectl cordon ${node}\nkubectl cordon ${node}\nkubectl drain ${node} --ignore-daemonsets`);
    expect(r.out).toBe(`node/${node} cordoned\nnode/${node} already cordoned\nnode/${node} already cordoned\n`);
    expect(r.err).toBe(
      `error: unable to drain node "${node}" due to error: cannot delete Pods that declare no controller (use --force to override): default/solo, continuing command...\nThere are pending nodes to be drained:\n ${node}\ncannot delete Pods that declare no controller (use --force to override): default/solo\n`,
    );
    const t = await s.run(`kubectl taint nodes ${node} gpu=true:NoSchedule\nkubectl taint nodes ${node} gpu=true:Bad\nkubectl taint nodes ${node} gpu:NoSchedule-\nkubectl taint nodes ${node} gpu:NoSchedule-`);
    expect(t.out).toBe(`node/${node} tainted\nnode/${node} untainted\n`);
    expect(t.err).toBe('error: invalid taint effect: Bad, unsupported taint effect\nerror: taint "gpu:NoSchedule" not found\n');
  });

  it('wait, rollout status and logs', async () => {
    const s = scriptedShell();
    const r = await s.run('kubectl run web --image=nginx\nkubectl wait --for=condition=Ready pod/web --timeout=60s\nkubectl wait --for=condition=Ready pod/none --timeout=5s');
    expect(r.out).toBe('pod/web created\npod/web condition met\n');
    expect(r.err).toBe('Error from server (NotFound): pods "none" not found\n');
    expect((await s.run('kubectl logs')).err).toBe(
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
    );
    expect((await s.run('kubectl scale deploy web')).err).toBe('error: required flag(s) "replicas" not set\n');
    expect((await s.run('kubectl run x')).err).toBe('error: required flag(s) "image" not set\n');
  });

  it('config, version, api-versions, auth', async () => {
    const s = scriptedShell();
    expect((await s.run('kubectl config current-context')).out).toBe('kubernetes-admin@kubernetes\n');
    expect((await s.run('kubectl config set-context --current --namespace=kube-system\nkubectl config view | grep namespace')).out).toBe(
      'Context "kubernetes-admin@kubernetes" modified.\n    namespace: kube-system\n',
    );
    expect((await s.run('kubectl config use-context nope')).err).toBe('error: no context exists with the name: "nope"\n');
    expect((await s.run('kubectl version')).out).toBe('Client Version: v1.32.0\nKustomize Version: v5.5.0\nServer Version: v1.32.0\n');
    expect((await s.run('kubectl api-versions | head -2')).out).toBe('apiextensions.k8s.io/v1\napps/v1\n');
    expect((await s.run('kubectl top pods')).err).toBe('error: Metrics API not available\n');
  });

  it('edit goes through the editor hook', async () => {
    const s = scriptedShell();
    await s.run('kubectl create configmap cfg --from-literal=a=1');
    let seen = '';
    const { createShell } = await import('./shell');
    const cluster = s.cluster;
    const client = { request: cluster.request.bind(cluster), watch: cluster.watch.bind(cluster), now: () => cluster.clock.now() };
    let out = '';
    const sh = createShell({
      client,
      interactive: false,
      crlf: false,
      edit: async (text) => {
        seen = text;
        return text.replace('a: "1"', 'a: "2"');
      },
    });
    sh.onOutput((t) => (out += t));
    await sh.runLine('kubectl edit cm cfg');
    expect(seen.startsWith("# Please edit the object below. Lines beginning with a '#' will be ignored,\n")).toBe(true);
    expect(out).toBe('configmap/cfg edited\n');
    out = '';
    await sh.runLine("kubectl get cm cfg -o jsonpath='{.data.a}'");
    expect(out).toBe('2');
  });
});

describe('more kubectl verbs', () => {
  it('set env/resources, replace, diff, wait --for=delete', async () => {
    const s = scriptedShell();
    const r = await s.run(
      [
        'kubectl create deployment web --image=nginx',
        'kubectl set env deployment/web MODE=prod',
        'kubectl set env deployment/web --list',
        'kubectl set resources deployment web --limits=cpu=200m,memory=128Mi --requests=cpu=100m',
        "kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].resources}'",
      ].join('\n'),
    );
    expect(r.out).toBe(
      'deployment.apps/web created\ndeployment.apps/web env updated\n# Deployment web, container nginx\nMODE=prod\ndeployment.apps/web resource requirements updated\n{"limits":{"cpu":"200m","memory":"128Mi"},"requests":{"cpu":"100m"}}',
    );
    const d = await s.run(
      'kubectl create deployment api --image=nginx --dry-run=client -o yaml > api.yaml\nkubectl apply -f api.yaml\nkubectl scale deploy api --replicas=3\nkubectl diff -f api.yaml',
    );
    expect(d.code).toBe(1);
    expect(d.out).toContain('@@ -');
    expect(d.out).toContain('\n-  replicas: 3\n+  replicas: 1\n');
    expect((await s.run('kubectl apply -f api.yaml\nkubectl diff -f api.yaml')).code).toBe(0);
    const w = await s.run('kubectl delete deploy api --wait=false\nkubectl wait --for=delete deploy/api --timeout=10s');
    expect(w.out).toBe('deployment.apps "api" deleted\ndeployment.apps/api condition met\n');
    const rp = await s.run("kubectl get deploy web -o yaml > web.yaml\nsed -i 's/MODE/STAGE/' web.yaml\nkubectl replace -f web.yaml\nkubectl set env deploy/web --list | tail -1");
    expect(rp.out).toBe('deployment.apps/web replaced\nSTAGE=prod\n');
  });

  it('watch reruns a command every interval of virtual time', async () => {
    const s = scriptedShell();
    const r = await s.run('watch -n 10 -t date');
    // 30 s stream limit in the test shell: frames at 0, 10, 20, 30 s
    expect(r.out).toBe('Wed Jan  1 00:00:00 UTC 2025\n\nWed Jan  1 00:00:10 UTC 2025\n\nWed Jan  1 00:00:20 UTC 2025\n\nWed Jan  1 00:00:30 UTC 2025\n\n');
  });
});

describe('describe golden', () => {
  it('describes a rolled-out Deployment as kubectl 1.32 does', async () => {
    const s = scriptedShell();
    await s.run('kubectl create deployment web --image=nginx:1.27 --replicas=2\nsleep 20s');
    const rs = (await s.run('kubectl get rs -o name')).out.trim().replace('replicaset.apps/', '');
    expect((await s.run('kubectl describe deploy web')).out).toBe(
      [
        'Name:                   web',
        'Namespace:              default',
        'CreationTimestamp:      Wed, 01 Jan 2025 00:00:00 +0000',
        'Labels:                 app=web',
        'Annotations:            deployment.kubernetes.io/revision: 1',
        'Selector:               app=web',
        'Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable',
        'StrategyType:           RollingUpdate',
        'MinReadySeconds:        0',
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
        'Pod Template:',
        '  Labels:  app=web',
        '  Containers:',
        '   nginx:',
        '    Image:         nginx:1.27',
        '    Port:          <none>',
        '    Host Port:     <none>',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Conditions:',
        '  Type           Status  Reason',
        '  ----           ------  ------',
        '  Available      True    MinimumReplicasAvailable',
        '  Progressing    True    NewReplicaSetAvailable',
        'OldReplicaSets:  <none>',
        `NewReplicaSet:   ${rs} (2/2 replicas created)`,
        'Events:',
        '  Type    Reason             Age   From                   Message',
        '  ----    ------             ----  ----                   -------',
        `  Normal  ScalingReplicaSet  20s   deployment-controller  Scaled up replica set ${rs} from 0 to 2`,
        '',
      ].join('\n'),
    );
  });

  it('describe of a missing object and of an empty type', async () => {
    const s = scriptedShell();
    expect(await s.run('kubectl describe pod nope')).toMatchObject({ out: '', err: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect(await s.run('kubectl describe deploy')).toMatchObject({ out: '', err: 'No resources found in default namespace.\n', code: 0 });
  });
});

describe('more generators', () => {
  it('create ingress, quota, pdb, priorityclass as kubectl 1.32 builds them', async () => {
    const s = scriptedShell();
    expect((await s.run('kubectl create ingress web --rule="foo.com/*=svc:80" --class=nginx --dry-run=client -o yaml')).out).toBe(
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  creationTimestamp: null\n  name: web\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: foo.com\n    http:\n      paths:\n      - backend:\n          service:\n            name: svc\n            port:\n              number: 80\n        path: /\n        pathType: Prefix\nstatus:\n  loadBalancer: {}\n',
    );
    const r = await s.run('kubectl create quota q --hard=cpu=1,pods=2\nkubectl create pdb p --selector=app=web --min-available=1\nkubectl create pc high --value=1000');
    expect(r.out).toBe('resourcequota/q created\npoddisruptionbudget.policy/p created\npriorityclass.scheduling.k8s.io/high created\n');
    expect((await s.run('kubectl create role r --verb=get --resource=podz')).err).toBe('error: the server doesn\'t have a resource type "podz"\n');
  });
});

describe('drain', () => {
  it('refuses DaemonSet pods, then evicts with --ignore-daemonsets', async () => {
    const s = scriptedShell();
    await s.run('kubectl create deployment web --image=nginx --replicas=2\nsleep 20s');
    const blocked = await s.run('kubectl drain node01');
    expect(blocked.code).toBe(1);
    expect(blocked.err).toMatch(/^error: unable to drain node "node01" due to error: cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kube-proxy-\w{5}, continuing command\.\.\.\n/);
    const r = await s.run('kubectl drain node01 --ignore-daemonsets');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-\w{5}\nevicting pod default\/web-/);
    expect(r.out).toMatch(/^node\/node01 already cordoned\n(pod\/[\w-]+ evicted\n)+node\/node01 drained\n$/);
    expect((await s.run("kubectl get pods -o wide --field-selector spec.nodeName=node01 -o name")).out).toBe('');
  });
});

describe('describe RBAC and service accounts', () => {
  it('prints PolicyRule and Subjects tables', async () => {
    const s = scriptedShell();
    await s.run('kubectl create role pod-reader --verb=get,list,watch --resource=pods\nkubectl create rolebinding rp --role=pod-reader --user=jane');
    expect((await s.run('kubectl describe role pod-reader')).out).toBe(
      'Name:         pod-reader\nLabels:       <none>\nAnnotations:  <none>\nPolicyRule:\n  Resources  Non-Resource URLs  Resource Names  Verbs\n  ---------  -----------------  --------------  -----\n  pods       []                 []              [get list watch]\n',
    );
    expect((await s.run('kubectl describe rolebinding rp')).out).toBe(
      'Name:         rp\nLabels:       <none>\nAnnotations:  <none>\nRole:\n  Kind:  Role\n  Name:  pod-reader\nSubjects:\n  Kind  Name  Namespace\n  ----  ----  ---------\n  User  jane  \n',
    );
    expect((await s.run('kubectl describe sa default')).out).toBe(
      'Name:                default\nNamespace:           default\nLabels:              <none>\nAnnotations:         <none>\nImage pull secrets:  <none>\nMountable secrets:   <none>\nTokens:              <none>\nEvents:              <none>\n',
    );
  });
});

describe('auth can-i', () => {
  it('answers from Roles and Bindings for --as users and service accounts', async () => {
    const s = scriptedShell();
    await s.run(
      'kubectl create role pod-reader --verb=get,list --resource=pods\nkubectl create rolebinding rp --role=pod-reader --user=jane\nkubectl create sa bot\nkubectl create clusterrole dep-reader --verb=list --resource=deployments.apps\nkubectl create clusterrolebinding b --clusterrole=dep-reader --serviceaccount=default:bot',
    );
    const r = await s.run(
      [
        'kubectl auth can-i list pods --as=jane',
        'kubectl auth can-i create pods --as=jane',
        'kubectl auth can-i list pods --as=jane -n kube-system',
        'kubectl auth can-i list deployments --as=system:serviceaccount:default:bot -A',
        'kubectl auth can-i delete nodes',
      ].join('\n'),
    );
    expect(r.out).toBe('yes\nno\nno\nyes\nyes\n');
    expect((await s.run('kubectl auth can-i create pods --as=jane')).code).toBe(1);
  });
});

describe('--record', () => {
  it('writes the change-cause that rollout history shows', async () => {
    const s = scriptedShell();
    await s.run('kubectl create deployment web --image=nginx:1.27\nsleep 10s');
    const r = await s.run('kubectl set image deploy/web nginx=nginx:1.26 --record\nsleep 30s\nkubectl rollout history deploy/web');
    expect(r.err).toBe('Flag --record has been deprecated, --record will be removed in the future\n');
    expect(r.out).toBe(
      'deployment.apps/web image updated\ndeployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deploy/web nginx=nginx:1.26 --record=true\n\n',
    );
  });
});

describe('DaemonSet rollouts', () => {
  it('status, history from ControllerRevisions, undo', async () => {
    const ds = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels:\n      app: agent\n  template:\n    metadata:\n      labels:\n        app: agent\n    spec:\n      containers:\n      - name: agent\n        image: nginx:1.27\n';
    const s = scriptedShell({ files: { 'ds.yaml': ds } });
    const r = await s.run('kubectl apply -f ds.yaml\nsleep 20s\nkubectl rollout status ds/agent\nkubectl set image ds/agent agent=nginx:1.26\nsleep 60s\nkubectl rollout history ds/agent\nkubectl rollout undo ds/agent');
    expect(r.out).toBe(
      'daemonset.apps/agent created\ndaemon set "agent" successfully rolled out\ndaemonset.apps/agent image updated\ndaemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\ndaemonset.apps/agent rolled back\n',
    );
    expect((await s.run("kubectl get ds agent -o jsonpath='{.spec.template.spec.containers[0].image}'")).out).toBe('nginx:1.27');
  });
});

describe('kubectl cp', () => {
  it('copies into and out of a container', async () => {
    const s = scriptedShell();
    await s.run('kubectl run web --image=nginx\nsleep 10s');
    const r = await s.run('echo hello > h.txt\nkubectl cp h.txt web:/tmp/h.txt\nkubectl exec web -- cat /tmp/h.txt\nkubectl cp web:/tmp/h.txt back.txt\ncat back.txt');
    expect(r.out).toBe('hello\nhello\n');
    expect(r.err).toBe("tar: Removing leading `/' from member names\n");
  });
});
