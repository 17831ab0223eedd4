/**
 * Lab for "Pods and introspection": the start state brings a two-container Deployment
 * whose `reporter` container exits with code 2 because the ConfigMap it reads is not
 * mounted, so the pod sits in CrashLoopBackOff. The learner finds the exit code with
 * describe/logs, records it, mounts the ConfigMap, adds a liveness probe to `web`, and
 * ends with a healthy 2/2 pod.
 */
import { defineLab } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

const settingsYaml = `apiVersion: v1
kind: ConfigMap
metadata:
  name: reporter-settings
data:
  settings.conf: |
    target=http://localhost:80/
    interval=15s
`;

const reporterBroken = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reporter
  labels:
    app: reporter
spec:
  replicas: 1
  selector:
    matchLabels:
      app: reporter
  template:
    metadata:
      labels:
        app: reporter
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
          readinessProbe:
            httpGet:
              path: /
              port: 80
            periodSeconds: 5
          volumeMounts:
            - name: shared
              mountPath: /usr/share/nginx/html/reports
        - name: reporter
          image: busybox:1.36
          command: ["sh", "-c"]
          args:
            - |
              echo "reporter starting"
              if [ ! -f /etc/reporter/settings.conf ]; then
                echo "error: /etc/reporter/settings.conf not found (is the ConfigMap mounted?)"
                exit 2
              fi
              echo "settings:"
              cat /etc/reporter/settings.conf
              echo "<h1>Hello from the reporter container</h1>" > /shared/index.html
              while true; do
                if wget -q -O - http://localhost:80/ > /dev/null; then echo "web answered on localhost:80"; else echo "web did not answer"; fi
                sleep 15
              done
          volumeMounts:
            - name: shared
              mountPath: /shared
      volumes:
        - name: shared
          emptyDir: {}
`;

const reporterFixed = reporterBroken
  .replace(
    `          readinessProbe:
            httpGet:
              path: /
              port: 80
            periodSeconds: 5
`,
    `          readinessProbe:
            httpGet:
              path: /
              port: 80
            periodSeconds: 5
          livenessProbe:
            httpGet:
              path: /
              port: 80
            initialDelaySeconds: 5
            periodSeconds: 10
`,
  )
  .replace(
    `            - name: shared
              mountPath: /shared
`,
    `            - name: shared
              mountPath: /shared
            - name: settings
              mountPath: /etc/reporter
`,
  )
  .replace(
    `        - name: shared
          emptyDir: {}
`,
    `        - name: shared
          emptyDir: {}
        - name: settings
          configMap:
            name: reporter-settings
`,
  );

const diagnosisYaml = `apiVersion: v1
kind: ConfigMap
metadata:
  name: diagnosis
data:
  exitCode: "2"
`;

interface Container {
  name: string;
  volumeMounts?: { name: string; mountPath: string }[];
  livenessProbe?: { httpGet?: { port?: number | string }; tcpSocket?: { port?: number | string }; exec?: unknown };
}
type Deploy = KObject & {
  spec?: { template?: { spec?: { containers?: Container[]; volumes?: { name: string; configMap?: { name?: string } }[] } } };
};
type PodLike = KObject & {
  status?: {
    phase?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; ready?: boolean; restartCount?: number; state?: { waiting?: { reason?: string } } }[];
  };
};

export default defineLab({
  id: 'pods-crashloop',
  title: 'Debug a crash-looping pod',
  start: {
    manifests: [settingsYaml, reporterBroken],
    settle: '90s',
  },
  files: [{ name: 'reporter.yaml', content: reporterBroken }],
  tasks: [
    {
      id: 'diagnosis',
      title: 'ConfigMap diagnosis records, under the key exitCode, the exit code of the crashing container',
      check: (k) => {
        const cm = k.get('configmaps', 'diagnosis') as (KObject & { data?: Record<string, string> }) | undefined;
        if (!cm) return 'There is no ConfigMap named diagnosis yet.';
        const v = cm.data?.exitCode;
        if (v === undefined) return 'diagnosis has no key exitCode.';
        return v.trim() === '2' || `exitCode is "${v}". Look again at Last State in kubectl describe.`;
      },
    },
    {
      id: 'settings-mounted',
      title: 'The reporter container mounts the ConfigMap reporter-settings at /etc/reporter',
      check: (k) => {
        const d = k.get('deployments.apps', 'reporter') as Deploy | undefined;
        if (!d) return 'The Deployment reporter is gone. Apply reporter.yaml to bring it back.';
        const spec = d.spec?.template?.spec;
        const vol = spec?.volumes?.find((v) => v.configMap?.name === 'reporter-settings');
        if (!vol) return 'The pod template has no volume from the ConfigMap reporter-settings.';
        const c = spec?.containers?.find((x) => x.name === 'reporter');
        const m = c?.volumeMounts?.find((x) => x.name === vol.name);
        if (!m) return `The reporter container does not mount the volume ${vol.name}.`;
        return m.mountPath.replace(/\/$/, '') === '/etc/reporter' || `The volume is mounted at ${m.mountPath}, but the script reads /etc/reporter.`;
      },
    },
    {
      id: 'liveness',
      title: 'The web container has a liveness probe',
      check: (k) => {
        const d = k.get('deployments.apps', 'reporter') as Deploy | undefined;
        const web = d?.spec?.template?.spec?.containers?.find((c) => c.name === 'web');
        if (!web) return 'The Deployment reporter has no container named web.';
        return !!web.livenessProbe || 'web has a readiness probe but no livenessProbe yet.';
      },
    },
    {
      id: 'healthy',
      title: 'The reporter pod is Running with both containers ready (2/2) and no restarts',
      check: (k) => {
        const pods = (k.list('pods', { labelSelector: 'app=reporter' }) as PodLike[]).filter((p) => !p.metadata.deletionTimestamp);
        if (!pods.length) return 'There is no reporter pod.';
        const good = pods.find((p) => {
          const cs = p.status?.containerStatuses ?? [];
          return p.status?.phase === 'Running' && cs.length === 2 && cs.every((c) => c.ready && (c.restartCount ?? 0) === 0);
        });
        if (good) return true;
        const p = pods[pods.length - 1];
        const cs = p.status?.containerStatuses ?? [];
        const ready = cs.filter((c) => c.ready).length;
        const waiting = cs.map((c) => c.state?.waiting?.reason).find(Boolean);
        const restarts = cs.reduce((n, c) => n + (c.restartCount ?? 0), 0);
        return `${p.metadata.name} is ${waiting ?? p.status?.phase ?? 'Pending'}, ${ready}/${cs.length || 2} ready, ${restarts} restart${restarts === 1 ? '' : 's'}.`;
      },
    },
  ],
  hints: [
    'kubectl get pods shows the pod in CrashLoopBackOff. kubectl describe pods -l app=reporter shows, under the reporter container, Last State: Terminated with an Exit Code.',
    'kubectl logs deploy/reporter -c reporter --previous prints what the container said before it died.',
    'Record the exit code: kubectl create configmap diagnosis --from-literal=exitCode=2 (use the code you found).',
    'In reporter.yaml, add a volume named settings with configMap: {name: reporter-settings} under volumes, and mount it at /etc/reporter in the reporter container. Add a livenessProbe (httpGet, path /, port 80) to web. Apply: the Deployment replaces the pod.',
  ],
  solution: {
    files: [
      { name: 'diagnosis.yaml', content: diagnosisYaml },
      { name: 'reporter.yaml', content: reporterFixed },
    ],
    commands: ['kubectl get pods -l app=reporter'],
    wait: '2m',
  },
});
