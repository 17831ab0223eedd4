import { BUILTIN_KINDS } from '../builtins';
import { applyDefaults } from '../defaults';
import { decode } from './decode';
const pod = BUILTIN_KINDS.find((k) => k.kind === 'Pod')!;
const mk = () => { const o: any = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m' } } }] } }; applyDefaults(pod, o, { rng: { suffix: () => 'abcde' } }); o.metadata.creationTimestamp = null; return o; };
const objs = Array.from({ length: 40000 }, mk);
decode(pod, objs[0]);
let t0 = performance.now(); for (let i = 1; i < 20000; i++) decode(pod, objs[i]); console.log('walker path µs (warm-up)', ((performance.now() - t0) / 20).toFixed(2));
t0 = performance.now(); for (let i = 20000; i < 40000; i++) decode(pod, objs[i]); console.log('walker path µs', ((performance.now() - t0) / 20).toFixed(2));
