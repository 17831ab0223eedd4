/**
 * The simulated container registry: which images exist, with which tags, how big they
 * are, which shell they ship and which behaviour (./behaviours) their default process
 * has. A data table meant to be extended: add a row and every lab can pull the image.
 *
 * Reference parsing follows containerd/docker's normalisation (`nginx` →
 * `docker.io/library/nginx:latest`), and the error texts are containerd's.
 * Left out: manifests, layers, platforms; a digest reference is accepted for any
 * image the table knows.
 */
import { fnv32a } from '../random';

/** Which shell an image has: busybox ash, Debian's dash, bash, or none (distroless). */
export type ShellFlavor = 'ash' | 'dash' | 'bash' | 'none';

export interface ImageInfo {
  /** normalised repository, e.g. docker.io/library/nginx */
  repository: string;
  /** tags that exist; `*` accepts any tag */
  tags: string[];
  /** uncompressed size in bytes for the default tag (other tags vary a little) */
  size: number;
  shell: ShellFlavor;
  /** behaviour key, see ./behaviours */
  behaviour: string;
  /** the image's ENTRYPOINT and CMD */
  entrypoint?: string[];
  cmd?: string[];
  /** extra executables besides the shell's builtins (curl, wget, nslookup …) */
  tools?: string[];
  /** Env baked into the image */
  env?: Record<string, string>;
}

const MB = 1_000_000;
const BUSYBOX_TOOLS = ['wget', 'nslookup', 'nc', 'ping', 'top', 'ps', 'vi', 'ip', 'ifconfig', 'netstat', 'telnet'];
const ALPINE_TOOLS = ['wget', 'nslookup', 'nc', 'ping', 'top', 'ps', 'ip'];
const DEBIAN_TOOLS: string[] = [];
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function docker(name: string): string {
  return name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
}

const K8S = '1.32.0 1.32.1 1.32.2 1.32.3 1.31.0 1.31.4 1.30.0 1.30.8 1.29.0 1.28.0'.split(' ').map((v) => `v${v}`);

export const IMAGES: ImageInfo[] = [
  { repository: docker('nginx'), tags: ['latest', 'stable', 'mainline', 'alpine', '1', '1.27', '1.27.3', '1.27.4', '1.27-alpine', '1.26', '1.26.3', '1.25', '1.25.5', '1.24', '1.23', '1.22', '1.21', '1.20', '1.19', '1.19-alpine', '1.18', '1.17', '1.16', '1.15', '1.14', '1.14.2', '1.13', '1.12', '1.11', '1.10', '1.9.1', '1.7.9', 'stable-alpine', 'alpine-slim', 'perl'], size: 72 * MB, shell: 'dash', behaviour: 'nginx', entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], tools: ['curl'], env: { NGINX_VERSION: '1.27.3', NJS_VERSION: '0.8.7', PKG_RELEASE: '1~bookworm' } },
  { repository: docker('httpd'), tags: ['latest', 'alpine', '2', '2.4', '2.4.62', '2.4.63', '2.4-alpine'], size: 58 * MB, shell: 'dash', behaviour: 'httpd', cmd: ['httpd-foreground'], env: { HTTPD_PREFIX: '/usr/local/apache2', HTTPD_VERSION: '2.4.62' } },
  { repository: docker('busybox'), tags: ['latest', 'stable', 'musl', 'glibc', 'uclibc', '1', '1.37', '1.36', '1.36.1', '1.35', '1.34', '1.33', '1.32', '1.31', '1.30', '1.29', '1.28', '1.27', '1.27.2', '1.26', '1.25'], size: 4_270_000, shell: 'ash', behaviour: 'os', cmd: ['sh'], tools: BUSYBOX_TOOLS },
  { repository: 'registry.k8s.io/busybox', tags: ['latest', '1.27.2', '1.24'], size: 1_300_000, shell: 'ash', behaviour: 'os', cmd: ['sh'], tools: BUSYBOX_TOOLS },
  { repository: 'k8s.gcr.io/busybox', tags: ['latest', '1.27.2', '1.24'], size: 1_300_000, shell: 'ash', behaviour: 'os', cmd: ['sh'], tools: BUSYBOX_TOOLS },
  { repository: docker('alpine'), tags: ['latest', 'edge', '3', '3.21', '3.20', '3.19', '3.18', '3.17', '3.16', '3.15', '3.14', '3.13', '3.12', '3.11', '3.10', '3.9', '3.8', '3.7'], size: 8_800_000, shell: 'ash', behaviour: 'os', cmd: ['/bin/sh'], tools: ALPINE_TOOLS },
  { repository: docker('ubuntu'), tags: ['latest', 'rolling', 'noble', 'jammy', 'focal', 'bionic', '24.04', '22.04', '20.04', '18.04', '16.04'], size: 78 * MB, shell: 'dash', behaviour: 'os', cmd: ['/bin/bash'], tools: DEBIAN_TOOLS },
  { repository: 'registry.k8s.io/ubuntu-slim', tags: ['0.14', '0.1'], size: 49 * MB, shell: 'dash', behaviour: 'os', cmd: ['/bin/bash'] },
  { repository: docker('debian'), tags: ['latest', 'stable', 'stable-slim', 'bookworm', 'bookworm-slim', 'bullseye', 'bullseye-slim', 'buster', '12', '12-slim', '11', '10'], size: 117 * MB, shell: 'dash', behaviour: 'os', cmd: ['bash'] },
  { repository: docker('centos'), tags: ['latest', '7', '8'], size: 231 * MB, shell: 'bash', behaviour: 'os', cmd: ['/bin/bash'], tools: ['curl'] },
  { repository: docker('bash'), tags: ['latest', '5', '5.2', '4'], size: 14 * MB, shell: 'bash', behaviour: 'os', entrypoint: ['docker-entrypoint.sh'], cmd: ['bash'], tools: ALPINE_TOOLS },
  { repository: docker('redis'), tags: ['latest', 'alpine', '7', '7.4', '7.4.2', '7.2', '7.0', '6', '6.2', '6.0', '5', '5.0', '4', '3.2'], size: 117 * MB, shell: 'dash', behaviour: 'redis', entrypoint: ['docker-entrypoint.sh'], cmd: ['redis-server'], env: { REDIS_VERSION: '7.4.2' } },
  { repository: 'registry.k8s.io/redis', tags: ['e2e', 'v1'], size: 40 * MB, shell: 'dash', behaviour: 'redis', cmd: ['redis-server'] },
  { repository: docker('postgres'), tags: ['latest', 'alpine', '17', '16', '15', '14', '13', '12', '11', '10', '9.6', '17-alpine', '16-alpine'], size: 438 * MB, shell: 'dash', behaviour: 'postgres', entrypoint: ['docker-entrypoint.sh'], cmd: ['postgres'], env: { PG_MAJOR: '17', PGDATA: '/var/lib/postgresql/data' } },
  { repository: docker('mysql'), tags: ['latest', 'lts', '9', '8', '8.4', '8.0', '5.7', '5.6', '5'], size: 602 * MB, shell: 'bash', behaviour: 'mysql', entrypoint: ['docker-entrypoint.sh'], cmd: ['mysqld'], env: { MYSQL_MAJOR: '8.4' } },
  { repository: docker('mariadb'), tags: ['latest', '11', '10', '10.6'], size: 407 * MB, shell: 'bash', behaviour: 'mysql', entrypoint: ['docker-entrypoint.sh'], cmd: ['mariadbd'] },
  { repository: docker('mongo'), tags: ['latest', '8', '7', '6', '5', '4', '4.4', '4.2', '3.6'], size: 854 * MB, shell: 'dash', behaviour: 'mongo', entrypoint: ['docker-entrypoint.sh'], cmd: ['mongod'] },
  { repository: docker('python'), tags: ['latest', 'slim', 'alpine', '3', '3.13', '3.12', '3.11', '3.10', '3.9', '3.8', '3.7', '2', '2.7', '3.12-slim', '3.11-slim', '3.12-alpine', '3-alpine'], size: 1_020 * MB, shell: 'dash', behaviour: 'python', cmd: ['python3'], tools: ['curl', 'python', 'python3', 'pip'] },
  { repository: docker('node'), tags: ['latest', 'lts', 'alpine', 'slim', '23', '22', '20', '18', '16', '14', '22-alpine', '20-alpine', '18-alpine', 'lts-alpine'], size: 1_120 * MB, shell: 'dash', behaviour: 'node', entrypoint: ['docker-entrypoint.sh'], cmd: ['node'], tools: ['curl', 'node', 'npm'] },
  { repository: docker('golang'), tags: ['latest', 'alpine', '1', '1.23', '1.22', '1.21', '1.20', '1.23-alpine'], size: 823 * MB, shell: 'dash', behaviour: 'os', cmd: ['bash'], tools: ['curl', 'go'] },
  { repository: docker('perl'), tags: ['latest', 'slim', '5', '5.40', '5.38', '5.34', '5.34.0'], size: 891 * MB, shell: 'dash', behaviour: 'perl', cmd: ['perl5.40.0', '-de0'], tools: ['curl', 'perl'] },
  { repository: docker('curlimages/curl'), tags: ['latest', '8.11.1', '8.10.1', '8.8.0', '8.5.0', '7.85.0', '7.72.0'], size: 22 * MB, shell: 'ash', behaviour: 'curl', entrypoint: ['/entrypoint.sh'], cmd: ['curl'], tools: [...ALPINE_TOOLS, 'curl'] },
  { repository: docker('radial/busyboxplus'), tags: ['latest', 'curl'], size: 4_230_000, shell: 'ash', behaviour: 'os', cmd: ['/bin/sh'], tools: [...BUSYBOX_TOOLS, 'curl'] },
  { repository: docker('nicolaka/netshoot'), tags: ['latest', 'v0.13'], size: 430 * MB, shell: 'bash', behaviour: 'os', cmd: ['zsh'], tools: [...ALPINE_TOOLS, 'curl', 'dig', 'nslookup', 'host'] },
  { repository: 'registry.k8s.io/e2e-test-images/jessie-dnsutils', tags: ['1.3', '1.7'], size: 112 * MB, shell: 'dash', behaviour: 'os', cmd: ['/bin/sh'], tools: ['nslookup', 'dig', 'curl', 'wget'] },
  { repository: 'gcr.io/kubernetes-e2e-test-images/dnsutils', tags: ['1.3'], size: 112 * MB, shell: 'dash', behaviour: 'os', cmd: ['/bin/sh'], tools: ['nslookup', 'dig'] },
  { repository: 'registry.k8s.io/hpa-example', tags: ['latest'], size: 481 * MB, shell: 'dash', behaviour: 'hpa-example', cmd: ['/usr/local/bin/apache2-foreground'] },
  { repository: 'k8s.gcr.io/hpa-example', tags: ['latest'], size: 481 * MB, shell: 'dash', behaviour: 'hpa-example', cmd: ['/usr/local/bin/apache2-foreground'] },
  { repository: 'registry.k8s.io/pause', tags: ['3.10', '3.9', '3.8', '3.7', '3.6', '3.5', '3.2', '3.1', '2.0', 'latest'], size: 736_000, shell: 'none', behaviour: 'pause', entrypoint: ['/pause'] },
  { repository: 'k8s.gcr.io/pause', tags: ['3.9', '3.8', '3.5', '3.2', '3.1', '2.0', 'latest'], size: 736_000, shell: 'none', behaviour: 'pause', entrypoint: ['/pause'] },
  { repository: 'registry.k8s.io/kube-scheduler', tags: K8S, size: 68 * MB, shell: 'none', behaviour: 'kube-scheduler', entrypoint: [] },
  { repository: 'registry.k8s.io/kube-apiserver', tags: K8S, size: 94 * MB, shell: 'none', behaviour: 'kube-apiserver', entrypoint: [] },
  { repository: 'registry.k8s.io/kube-controller-manager', tags: K8S, size: 89 * MB, shell: 'none', behaviour: 'kube-controller-manager', entrypoint: [] },
  { repository: 'registry.k8s.io/kube-proxy', tags: K8S, size: 94 * MB, shell: 'none', behaviour: 'kube-proxy', entrypoint: [] },
  { repository: 'registry.k8s.io/etcd', tags: ['3.5.16-0', '3.5.15-0', '3.5.12-0', '3.5.10-0', '3.5.9-0'], size: 150 * MB, shell: 'none', behaviour: 'etcd', entrypoint: [], tools: ['etcdctl', 'etcdutl'] },
  { repository: 'registry.k8s.io/coredns/coredns', tags: ['v1.11.3', 'v1.11.1', 'v1.10.1', 'v1.9.3'], size: 61 * MB, shell: 'none', behaviour: 'coredns', entrypoint: ['/coredns'] },
  { repository: 'gcr.io/my-gcp-project/my-kube-scheduler', tags: ['1.0'], size: 68 * MB, shell: 'none', behaviour: 'kube-scheduler', entrypoint: ['/usr/local/bin/kube-scheduler'] },
  { repository: docker('k8spatterns/random-generator'), tags: ['latest', '1.0', '2.0'], size: 124 * MB, shell: 'ash', behaviour: 'random-generator', cmd: ['java', '-jar', '/opt/random-generator.jar'], tools: ['curl'] },
  { repository: docker('k8spatterns/mini-http-server'), tags: ['latest'], size: 8 * MB, shell: 'ash', behaviour: 'mini-http-server', cmd: ['/mini-http-server'], tools: ALPINE_TOOLS },
  { repository: docker('k8spatterns/curl-jq'), tags: ['latest'], size: 9 * MB, shell: 'ash', behaviour: 'os', cmd: ['/bin/sh'], tools: [...ALPINE_TOOLS, 'curl', 'jq'] },
  { repository: docker('k8spatterns/kubeapi-proxy'), tags: ['latest'], size: 40 * MB, shell: 'ash', behaviour: 'generic-server', cmd: ['kubectl', 'proxy', '--port', '8001'] },
  { repository: docker('gasbugs/http-go'), tags: ['latest', 'v1', 'v2', 'v3'], size: 280 * MB, shell: 'dash', behaviour: 'http-go', cmd: ['./main'] },
  { repository: docker('argoproj/rollouts-demo'), tags: ['blue', 'green', 'yellow', 'orange', 'red', 'purple', 'bad-blue', 'bad-green', 'bad-yellow', 'bad-orange', 'bad-red', 'bad-purple', 'slow-blue', 'slow-green', 'latest'], size: 9_200_000, shell: 'none', behaviour: 'rollouts-demo', entrypoint: ['/rollouts-demo'] },
  { repository: docker('argoproj/load-tester'), tags: ['latest'], size: 15 * MB, shell: 'ash', behaviour: 'os', cmd: ['/bin/sh'], tools: [...ALPINE_TOOLS, 'curl', 'wrk'] },
  { repository: 'quay.io/fluentd_elasticsearch/fluentd', tags: ['v2.5.2', 'v3.0.1', 'v3.1.0', 'v4.7.2'], size: 140 * MB, shell: 'dash', behaviour: 'fluentd', entrypoint: ['/entrypoint.sh'] },
  { repository: 'k8s.gcr.io/fluentd-elasticsearch', tags: ['1.20', '1.22', '2.0.4'], size: 140 * MB, shell: 'dash', behaviour: 'fluentd', entrypoint: ['/entrypoint.sh'] },
  { repository: 'gcr.io/fluentd-elasticsearch/fluentd', tags: ['v2.5.1', 'v2.5.2'], size: 140 * MB, shell: 'dash', behaviour: 'fluentd', entrypoint: ['/entrypoint.sh'] },
  { repository: docker('hashicorp/http-echo'), tags: ['latest', '1.0', '1.0.0', '0.2.3'], size: 4_700_000, shell: 'none', behaviour: 'http-echo', entrypoint: ['/http-echo'] },
  { repository: docker('polinux/stress'), tags: ['latest', '1.0.4'], size: 9_700_000, shell: 'ash', behaviour: 'stress', cmd: ['stress'] },
  { repository: docker('progrium/stress'), tags: ['latest'], size: 281 * MB, shell: 'bash', behaviour: 'stress', entrypoint: ['/usr/bin/stress', '--verbose'] },
  { repository: 'registry.k8s.io/e2e-test-images/agnhost', tags: ['2.39', '2.40', '2.43', '2.47', '2.52'], size: 55 * MB, shell: 'ash', behaviour: 'agnhost', entrypoint: ['/agnhost'], tools: [...ALPINE_TOOLS, 'curl'] },
  { repository: 'k8s.gcr.io/liveness', tags: ['latest'], size: 4_500_000, shell: 'none', behaviour: 'liveness', cmd: ['/server'] },
  { repository: 'registry.k8s.io/liveness', tags: ['latest'], size: 4_500_000, shell: 'none', behaviour: 'liveness', cmd: ['/server'] },
  { repository: 'gcr.io/google-samples/hello-app', tags: ['1.0', '2.0'], size: 11 * MB, shell: 'none', behaviour: 'hello-app', entrypoint: ['/hello-app'] },
  { repository: 'us-docker.pkg.dev/google-samples/containers/gke/hello-app', tags: ['1.0', '2.0'], size: 11 * MB, shell: 'none', behaviour: 'hello-app', entrypoint: ['/hello-app'] },
  { repository: 'gcr.io/google-samples/hello-go-gke', tags: ['1.0'], size: 11 * MB, shell: 'none', behaviour: 'hello-app', entrypoint: ['/hello-app'] },
  { repository: 'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend', tags: ['v5'], size: 300 * MB, shell: 'dash', behaviour: 'generic-server', cmd: ['apache2-foreground'] },
  { repository: 'registry.k8s.io/nginx-slim', tags: ['0.8', '0.24', '0.26', '0.27'], size: 20 * MB, shell: 'dash', behaviour: 'nginx', cmd: ['nginx', '-g', 'daemon off;'] },
  { repository: 'registry.k8s.io/goproxy', tags: ['0.1'], size: 5 * MB, shell: 'none', behaviour: 'generic-server', cmd: ['/goproxy'] },
  { repository: 'quay.io/brancz/prometheus-example-app', tags: ['v0.5.0', 'v0.3.0'], size: 8 * MB, shell: 'none', behaviour: 'generic-server', entrypoint: ['/bin/prometheus-example-app'] },
  { repository: 'quay.io/prometheus-operator/prometheus-operator', tags: ['*'], size: 40 * MB, shell: 'none', behaviour: 'generic-server', entrypoint: ['/bin/operator'] },
  { repository: 'k8s.gcr.io/cluster-proportional-autoscaler-amd64', tags: ['1.6.0', '1.8.1'], size: 40 * MB, shell: 'none', behaviour: 'generic', entrypoint: ['/cluster-proportional-autoscaler'] },
  { repository: 'registry.k8s.io/autoscaling/vpa-updater', tags: ['*'], size: 40 * MB, shell: 'none', behaviour: 'generic', entrypoint: ['/updater'] },
  { repository: 'registry.k8s.io/autoscaling/vpa-recommender', tags: ['*'], size: 40 * MB, shell: 'none', behaviour: 'generic', entrypoint: ['/recommender'] },
  { repository: 'registry.k8s.io/autoscaling/vpa-admission-controller', tags: ['*'], size: 40 * MB, shell: 'none', behaviour: 'generic-server', entrypoint: ['/admission-controller'] },
  { repository: 'registry.istio.io/release/examples-bookinfo-productpage-v1', tags: ['*'], size: 150 * MB, shell: 'dash', behaviour: 'generic-server', cmd: ['python', 'productpage.py', '9080'] },
  { repository: 'registry.istio.io/release/examples-bookinfo-details-v1', tags: ['*'], size: 150 * MB, shell: 'dash', behaviour: 'generic-server', cmd: ['ruby', 'details.rb', '9080'] },
  { repository: 'registry.istio.io/release/examples-bookinfo-details-v2', tags: ['*'], size: 150 * MB, shell: 'dash', behaviour: 'generic-server', cmd: ['ruby', 'details.rb', '9080'] },
  { repository: 'registry.istio.io/release/examples-bookinfo-ratings-v1', tags: ['*'], size: 150 * MB, shell: 'dash', behaviour: 'generic-server', cmd: ['node', 'ratings.js', '9080'] },
  { repository: 'registry.istio.io/release/examples-bookinfo-ratings-v2', tags: ['*'], size: 150 * MB, shell: 'dash', behaviour: 'generic-server', cmd: ['node', 'ratings.js', '9080'] },
  { repository: 'registry.istio.io/release/examples-bookinfo-reviews-v1', tags: ['*'], size: 500 * MB, shell: 'bash', behaviour: 'generic-server', cmd: ['/opt/ol/wlp/bin/server', 'run', 'defaultServer'] },
  { repository: 'registry.istio.io/release/examples-bookinfo-reviews-v2', tags: ['*'], size: 500 * MB, shell: 'bash', behaviour: 'generic-server', cmd: ['/opt/ol/wlp/bin/server', 'run', 'defaultServer'] },
  { repository: 'registry.istio.io/release/examples-bookinfo-reviews-v3', tags: ['*'], size: 500 * MB, shell: 'bash', behaviour: 'generic-server', cmd: ['/opt/ol/wlp/bin/server', 'run', 'defaultServer'] },
  { repository: 'registry.istio.io/release/examples-bookinfo-mysqldb', tags: ['*'], size: 450 * MB, shell: 'bash', behaviour: 'generic-server', cmd: ['mysqld'] },
  { repository: 'registry.istio.io/release/examples-bookinfo-mongodb', tags: ['*'], size: 450 * MB, shell: 'dash', behaviour: 'generic-server', cmd: ['mongod'] },
  { repository: docker('jenkins/jenkins'), tags: ['latest', 'lts', 'lts-jdk17'], size: 470 * MB, shell: 'bash', behaviour: 'generic-server', entrypoint: ['/usr/bin/tini', '--', '/usr/local/bin/jenkins.sh'] },
  { repository: docker('wordpress'), tags: ['latest', '6', '6.7', '4.8-apache', 'php8.2-apache'], size: 700 * MB, shell: 'bash', behaviour: 'httpd', entrypoint: ['docker-entrypoint.sh'], cmd: ['apache2-foreground'] },
  { repository: docker('kodekloud/webapp-color'), tags: ['latest', 'v1', 'v2', 'v3'], size: 31 * MB, shell: 'ash', behaviour: 'webapp-color', entrypoint: ['python', 'app.py'], tools: ALPINE_TOOLS },
  { repository: docker('kodekloud/event-simulator'), tags: ['latest'], size: 33 * MB, shell: 'ash', behaviour: 'event-simulator', cmd: ['python', 'event-simulator.py'], tools: ALPINE_TOOLS },
  { repository: docker('kodekloud/simple-webapp'), tags: ['latest'], size: 50 * MB, shell: 'ash', behaviour: 'generic-server', cmd: ['python', 'app.py'], tools: ALPINE_TOOLS },
  { repository: docker('vish/stress'), tags: ['latest'], size: 3_500_000, shell: 'none', behaviour: 'stress', entrypoint: ['/stress', '-logtostderr'] },
  { repository: docker('alexeiled/stress-ng'), tags: ['latest', '0.12.05'], size: 8 * MB, shell: 'none', behaviour: 'stress', entrypoint: ['/stress-ng'] },
  { repository: docker('memcached'), tags: ['latest', 'alpine', '1', '1.6'], size: 85 * MB, shell: 'dash', behaviour: 'generic-server', entrypoint: ['docker-entrypoint.sh'], cmd: ['memcached'] },
  { repository: docker('rabbitmq'), tags: ['latest', '3', '3-management', '4', 'management'], size: 250 * MB, shell: 'dash', behaviour: 'generic-server', entrypoint: ['docker-entrypoint.sh'], cmd: ['rabbitmq-server'] },
  { repository: docker('haproxy'), tags: ['latest', '2.9', '3.0', 'lts'], size: 105 * MB, shell: 'dash', behaviour: 'generic-server', entrypoint: ['docker-entrypoint.sh'], cmd: ['haproxy', '-f', '/usr/local/etc/haproxy/haproxy.cfg'] },
  { repository: docker('traefik/whoami'), tags: ['latest', 'v1.10'], size: 6_700_000, shell: 'none', behaviour: 'whoami', entrypoint: ['/whoami'] },
];

export interface ImageRef {
  /** what the pod spec says */
  raw: string;
  /** docker.io/library/nginx */
  repository: string;
  /** the tag, or 'latest' when none and no digest */
  tag?: string;
  digest?: string;
  /** docker.io/library/nginx:1.27 */
  full: string;
}

/** containerd's parse of an image reference, or its error text for InvalidImageName. */
export function parseImageRef(raw: string): ImageRef | { error: string } {
  const bad = (why: string) => ({ error: `Failed to apply default image tag ${JSON.stringify(raw)}: couldn't parse image name ${JSON.stringify(raw)}: ${why}` });
  if (!raw || /\s/.test(raw)) return bad('invalid reference format');
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return bad('invalid reference format');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return bad('invalid reference format');
  }
  const parts = rest.split('/');
  let domain = 'docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) domain = parts.shift()!;
  let path = parts.join('/');
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (path !== path.toLowerCase()) return bad(`invalid reference format: repository name (${path}) must be lowercase`);
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) return bad('invalid reference format');
  if (!tag && !digest) tag = 'latest';
  const repository = `${domain}/${path}`;
  return { raw, repository, tag, digest, full: `${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}` };
}

const byRepo = new Map<string, ImageInfo>();
for (const i of IMAGES) byRepo.set(i.repository, i);

/** Adds (or replaces) an image in the registry, e.g. for a lab's own image. */
export function registerImage(info: ImageInfo): void {
  byRepo.set(info.repository, info);
}

export interface ResolvedImage {
  ref: ImageRef;
  info: ImageInfo;
  size: number;
  /** repo@sha256:… as containerStatuses[].imageID shows */
  imageID: string;
}

/** Looks an image up; undefined when the registry has no such repository or tag. */
export function resolveImage(ref: ImageRef): ResolvedImage | undefined {
  const info = byRepo.get(ref.repository);
  if (!info) return undefined;
  if (ref.tag && !info.tags.includes(ref.tag) && !info.tags.includes('*')) return undefined;
  const h = fnv32a(`${ref.repository}:${ref.tag ?? ref.digest}`);
  // other tags of the same image are a little bigger or smaller, deterministically
  const size = ref.tag === info.tags[0] ? info.size : Math.round(info.size * (0.85 + (h % 300) / 1000));
  return { ref, info, size, imageID: `${ref.repository}@${ref.digest ?? `sha256:${digestHex(`${ref.repository}:${ref.tag}`)}`}` };
}

/** A stable 64-hex digest for a name. */
export function digestHex(name: string): string {
  const hit = digests.get(name);
  if (hit !== undefined) return hit;
  const out = computeDigest(name);
  if (digests.size > 4096) digests.clear();
  digests.set(name, out);
  return out;
}

/** image digests are asked for on every container start: remember recent ones */
const digests = new Map<string, string>();

function computeDigest(name: string): string {
  let out = '';
  let h = fnv32a(name);
  for (let i = 0; i < 8; i++) {
    h = fnv32a(`${h}:${name}:${i}`);
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

/** containerd's message when a pull fails because the registry has no such image or tag. */
export function pullError(ref: ImageRef): string {
  const known = byRepo.has(ref.repository);
  const full = ref.full;
  if (!known && !ref.repository.startsWith('docker.io/'))
    return `rpc error: code = Unknown desc = failed to pull and unpack image ${JSON.stringify(full)}: failed to resolve reference ${JSON.stringify(full)}: ${full}: not found`;
  if (!known)
    return `rpc error: code = Unknown desc = failed to pull and unpack image ${JSON.stringify(full)}: failed to resolve reference ${JSON.stringify(full)}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  return `rpc error: code = NotFound desc = failed to pull and unpack image ${JSON.stringify(full)}: failed to resolve reference ${JSON.stringify(full)}: ${full}: not found`;
}

export { PATH as DEFAULT_PATH };
