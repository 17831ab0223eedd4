import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS } from '../builtins';
import type { KindInfo } from '../registry';
import type { KObject } from '../types';
import { applyDefaults, imageTag, podQOSClass, prepareForUpdate } from './index';

const kind = (k: string, g = ''): KindInfo => BUILTIN_KINDS.find((x) => x.kind === k && x.group === g)!;
let n = 0;
const rng = { suffix: (len = 5) => ['x7k2p', 'b9zq4'][n++ % 2].slice(0, len) };

function defaulted(info: KindInfo, obj: Record<string, unknown>, operation?: 'create' | 'update'): any {
  n = 0;
  const o = structuredClone(obj) as KObject;
  applyDefaults(info, o, { rng, operation });
  return o;
}

/** What a 1.32 API server fills into a pod template's spec for `containers: [{name: web, image: nginx:1.27}]`. */
const TEMPLATE_SPEC = {
  containers: [
    {
      name: 'web',
      image: 'nginx:1.27',
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      resources: {},
    },
  ],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
};

describe('Pod', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };

  it('fills every default and admission addition of a real create', () => {
    const p = defaulted(kind('Pod'), pod);
    expect(p.spec).toEqual({
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
          volumeMounts: [{ name: 'kube-api-access-x7k2p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        },
      ],
      enableServiceLinks: true,
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      volumes: [
        {
          name: 'kube-api-access-x7k2p',
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
            defaultMode: 420,
          },
        },
      ],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('imagePullPolicy: Always for :latest or no tag, IfNotPresent otherwise', () => {
    const pull = (image: string) => defaulted(kind('Pod'), { ...pod, spec: { containers: [{ name: 'a', image }] } }).spec.containers[0].imagePullPolicy;
    expect(pull('nginx')).toBe('Always');
    expect(pull('nginx:latest')).toBe('Always');
    expect(pull('registry:5000/team/app')).toBe('Always');
    expect(pull('registry:5000/team/app:v2')).toBe('IfNotPresent');
    expect(pull('nginx@sha256:abc')).toBe('IfNotPresent');
    expect(imageTag('localhost:5000/x')).toBe('latest');
  });

  it('requests default to limits; QoS follows', () => {
    const p = defaulted(kind('Pod'), { ...pod, spec: { containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '500m', memory: '128Mi' } } }] } });
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } });
    expect(p.status.qosClass).toBe('Guaranteed');
    expect(podQOSClass({ containers: [{ resources: { requests: { cpu: '100m' } } }] })).toBe('Burstable');
  });

  it('no token volume with automountServiceAccountToken: false; existing tolerations are kept', () => {
    const p = defaulted(kind('Pod'), {
      ...pod,
      spec: { ...pod.spec, automountServiceAccountToken: false, tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }] },
    });
    expect(p.spec.volumes).toBeUndefined();
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('ports get TCP, probes their timings, volumes their modes', () => {
    const p = defaulted(kind('Pod'), {
      ...pod,
      spec: {
        containers: [{ name: 'a', image: 'x:1', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } } }],
        volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'scratch' }],
      },
    });
    expect(p.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(p.spec.containers[0].readinessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(p.spec.volumes.slice(0, 2)).toEqual([
      { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
    ]);
  });

  it('an object that already has a uid is an update (the server sets uid after defaulting on create)', () => {
    const p = defaulted(kind('Pod'), { ...pod, metadata: { ...pod.metadata, uid: 'u-1' }, status: { phase: 'Running' } });
    expect(p.spec.volumes).toBeUndefined();
    expect(p.status).toEqual({ phase: 'Running' });
  });

  it('update: no admission additions, no status reset', () => {
    const p = defaulted(kind('Pod'), pod, 'update');
    expect(p.spec.volumes).toBeUndefined();
    expect(p.spec.tolerations).toBeUndefined();
    expect(p.status).toBeUndefined();
  });
});

describe('workloads', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };

  it('Deployment', () => {
    const d = defaulted(kind('Deployment', 'apps'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, template },
    });
    expect(d.spec).toEqual({
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: TEMPLATE_SPEC },
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(d.status).toBeUndefined();
  });

  it('Deployment with Recreate gets no rollingUpdate', () => {
    const d = defaulted(kind('Deployment', 'apps'), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { strategy: { type: 'Recreate' }, template } });
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('StatefulSet', () => {
    const s = defaulted(kind('StatefulSet', 'apps'), {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'web' } },
        template,
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    expect(s.spec).toEqual({
      serviceName: 'db',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: TEMPLATE_SPEC },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
          status: { phase: 'Pending' },
        },
      ],
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      replicas: 1,
      revisionHistoryLimit: 10,
    });
  });

  it('DaemonSet', () => {
    const d = defaulted(kind('DaemonSet', 'apps'), {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, template },
    });
    expect(d.spec).toEqual({
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: TEMPLATE_SPEC },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
  });

  it('Job: counts, backoff, mode, suspend, replacement policy; labels copied from the template', () => {
    const j = defaulted(kind('Job', 'batch'), {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default' },
      spec: { template: { metadata: { labels: { app: 'pi' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } } },
    });
    expect(j.metadata.labels).toEqual({ app: 'pi' });
    expect(j.spec).toEqual({
      template: { metadata: { labels: { app: 'pi' } }, spec: { ...TEMPLATE_SPEC, restartPolicy: 'Never', containers: [{ ...TEMPLATE_SPEC.containers[0], name: 'pi', image: 'perl:5.34' }] } },
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    expect(j.spec.manualSelector).toBeUndefined();
  });

  it('Job with only parallelism keeps completions unset (work queue)', () => {
    const j = defaulted(kind('Job', 'batch'), { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'q' }, spec: { parallelism: 3, template } });
    expect(j.spec.completions).toBeUndefined();
    expect(j.spec.parallelism).toBe(3);
  });

  it('CronJob', () => {
    const c = defaulted(kind('CronJob', 'batch'), {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello', namespace: 'default' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'web', image: 'nginx:1.27' }] } } } } },
    });
    expect(c.spec).toEqual({
      schedule: '* * * * *',
      jobTemplate: { spec: { template: { spec: { ...TEMPLATE_SPEC, restartPolicy: 'OnFailure' } } } },
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
  });
});

describe('Service', () => {
  const svc = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec });

  it('ClusterIP defaults (no clusterIP: the allocator sets it)', () => {
    const s = defaulted(kind('Service'), svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }));
    expect(s.spec).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
    expect(s.status).toEqual({ loadBalancer: {} });
  });

  it('NodePort and LoadBalancer add externalTrafficPolicy; LB allocateLoadBalancerNodePorts', () => {
    const np = defaulted(kind('Service'), svc({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] }));
    expect(np.spec.externalTrafficPolicy).toBe('Cluster');
    expect(np.spec.ports[0]).toEqual({ port: 80, targetPort: 'http', protocol: 'TCP' });
    expect(np.spec.nodePort).toBeUndefined();
    const lb = defaulted(kind('Service'), svc({ type: 'LoadBalancer', ports: [{ port: 80 }] }));
    expect(lb.spec.allocateLoadBalancerNodePorts).toBe(true);
  });

  it('ExternalName gets no IP families or internal traffic policy', () => {
    const s = defaulted(kind('Service'), svc({ type: 'ExternalName', externalName: 'db.example.com' }));
    expect(s.spec).toEqual({ type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' });
  });

  it('an update without clusterIP/nodePort keeps the allocated ones', () => {
    const old = { ...svc({ type: 'NodePort', clusterIP: '10.96.0.12', clusterIPs: ['10.96.0.12'], ports: [{ port: 80, protocol: 'TCP', nodePort: 31234 }] }) } as KObject;
    const neu = svc({ type: 'NodePort', ports: [{ port: 80 }] }) as KObject;
    prepareForUpdate(kind('Service'), neu, old);
    expect((neu.spec as any).clusterIP).toBe('10.96.0.12');
    expect((neu.spec as any).clusterIPs).toEqual(['10.96.0.12']);
    expect((neu.spec as any).ports[0].nodePort).toBe(31234);
  });
});

describe('other kinds', () => {
  it('Secret: type Opaque, stringData folded into base64 data', () => {
    const s = defaulted(kind('Secret'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YQ==' }, stringData: { password: 'pässword' } });
    expect(s).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { a: 'YQ==', password: 'cMOkc3N3b3Jk' } });
  });

  it('Namespace: finalizer, phase and the metadata.name label', () => {
    const ns = defaulted(kind('Namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
    expect(ns).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('PVC: volumeMode and Pending', () => {
    const p = defaulted(kind('PersistentVolumeClaim'), { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd' }, spec: { accessModes: ['ReadWriteOnce'] } });
    expect(p.spec.volumeMode).toBe('Filesystem');
    expect(p.status).toEqual({ phase: 'Pending' });
  });

  it('HPA: minReplicas, the 80% CPU metric, behavior only when given', () => {
    const h = defaulted(kind('HorizontalPodAutoscaler', 'autoscaling'), {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5 },
    });
    expect(h.spec.minReplicas).toBe(1);
    expect(h.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    expect(h.spec.behavior).toBeUndefined();
    const b = defaulted(kind('HorizontalPodAutoscaler', 'autoscaling'), {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
    });
    expect(b.spec.behavior).toEqual({
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
    });
  });

  it('HPA: a defaulted scaleDown leaves its window to the controller flag', () => {
    const b = defaulted(kind('HorizontalPodAutoscaler', 'autoscaling'), {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { maxReplicas: 5, behavior: { scaleUp: { stabilizationWindowSeconds: 30 } } },
    });
    expect(b.spec.behavior.scaleDown).toEqual({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
    expect(b.spec.behavior.scaleUp.stabilizationWindowSeconds).toBe(30);
  });

  it('RoleBinding subjects: User/Group get the RBAC apiGroup', () => {
    const rb = defaulted(kind('RoleBinding', 'rbac.authorization.k8s.io'), {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb' },
      subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
    });
    expect(rb.subjects).toEqual([
      { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'default', namespace: 'default' },
    ]);
  });

  it('NetworkPolicy: policyTypes and port protocols', () => {
    const np = defaulted(kind('NetworkPolicy', 'networking.k8s.io'), {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np' },
      spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }], egress: [{}] },
    });
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress[0].ports[0]).toEqual({ port: 80, protocol: 'TCP' });
  });

  it('LimitRange: default limits from max, default requests from defaults', () => {
    const lr = defaulted(kind('LimitRange'), {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'lr' },
      spec: { limits: [{ type: 'Container', max: { cpu: '1' }, default: { memory: '256Mi' } }] },
    });
    expect(lr.spec.limits[0]).toEqual({
      type: 'Container',
      max: { cpu: '1' },
      default: { memory: '256Mi', cpu: '1' },
      defaultRequest: { memory: '256Mi', cpu: '1' },
    });
  });

  it('custom resources: pruning and schema defaults', () => {
    const info: KindInfo = {
      ...kind('ConfigMap'),
      group: 'stable.example.com',
      kind: 'CronTab',
      crd: 'crontabs.stable.example.com',
      schema: {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: { cronSpec: { type: 'string' }, replicas: { type: 'integer', default: 1 } },
          },
        },
      },
    };
    const o = defaulted(info, { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'c' }, spec: { cronSpec: '* * * * */5', extra: true } });
    expect(o.spec).toEqual({ cronSpec: '* * * * */5', replicas: 1 });
  });
});
