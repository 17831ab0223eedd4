/**
 * The files the kubelet and the image put in a container before it starts: /etc/hosts
 * (with hostAliases), /etc/resolv.conf by dnsPolicy and dnsConfig, /etc/hostname, the
 * image's own content (nginx's welcome page and config, httpd's "It works!"), the
 * termination-log file, and the projected service-account volume.
 */
import { MemFs } from '../containers/fs';
import { NGINX_WELCOME } from '../containers/behaviours';
import type { ResolvedImage } from '../containers/images';
import { CA_CRT, FAKE_TOKEN, type PodSpec } from './pod-env';

type DnsSpec = PodSpec & {
  dnsPolicy?: string;
  dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] };
  hostAliases?: { ip: string; hostnames?: string[] }[];
};

/** /etc/hosts as the kubelet writes it, with spec.hostAliases appended. */
export function hostsFile(spec: PodSpec, ns: string, podIP: string | undefined, hostname: string): string {
  let out = `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n`;
  const s = spec as DnsSpec;
  if (!s.hostNetwork) {
    const fq = s.subdomain ? `\t${hostname}.${s.subdomain}.${ns}.svc.cluster.local` : '';
    out += `${podIP ?? ''}\t${hostname}${fq}\n`;
  }
  if (s.hostAliases?.length) {
    out += '\n# Entries added by HostAliases.\n';
    for (const a of s.hostAliases) out += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return out;
}

/** The DNS policy decides whether the pod uses CoreDNS (ClusterFirst) or the node's resolver. */
export function usesClusterDNS(spec: PodSpec): boolean {
  const s = spec as DnsSpec;
  const policy = s.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'Default') return false;
  if (policy === 'ClusterFirst' && s.hostNetwork) return false;
  return true;
}

export function resolvConf(spec: PodSpec, ns: string): string {
  const s = spec as DnsSpec;
  const extra = s.dnsConfig;
  const opts = (extra?.options ?? []).map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name));
  if (s.dnsPolicy === 'None')
    return `${extra?.searches?.length ? `search ${extra.searches.join(' ')}\n` : ''}${(extra?.nameservers ?? []).map((n) => `nameserver ${n}\n`).join('')}${opts.length ? `options ${opts.join(' ')}\n` : ''}`;
  if (!usesClusterDNS(spec)) return `nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n`;
  const searches = [`${ns}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local', ...(extra?.searches ?? [])];
  return `search ${searches.join(' ')}\nnameserver 10.96.0.10${(extra?.nameservers ?? []).map((n) => `\nnameserver ${n}`).join('')}\noptions ${['ndots:5', ...opts].join(' ')}\n`;
}

const NGINX_CONF = 'user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n';
const NGINX_DEFAULT = 'server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n';
const NGINX_50X = '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n';

/** A container's root file system before volumes are mounted. */
export function rootFiles(
  image: ResolvedImage,
  pod: { spec: PodSpec; ns: string; podIP?: string; hostname: string; terminationMessagePath?: string },
): Record<string, string> {
  const files: Record<string, string> = {
    '/etc/hostname': `${pod.hostname}\n`,
    '/etc/hosts': hostsFile(pod.spec, pod.ns, pod.podIP, pod.hostname),
    '/etc/resolv.conf': resolvConf(pod.spec, pod.ns),
    '/etc/os-release': image.info.shell === 'ash' ? 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.0\n' : 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n',
    '/tmp/.keep': '',
    '/var/log/.keep': '',
    '/root/.keep': '',
    '/proc/1/cmdline': '',
    [pod.terminationMessagePath ?? '/dev/termination-log']: '',
  };
  if (image.info.behaviour === 'nginx') {
    files['/usr/share/nginx/html/index.html'] = NGINX_WELCOME;
    files['/usr/share/nginx/html/50x.html'] = NGINX_50X;
    files['/etc/nginx/nginx.conf'] = NGINX_CONF;
    files['/etc/nginx/conf.d/default.conf'] = NGINX_DEFAULT;
  }
  if (image.info.behaviour === 'httpd') files['/usr/local/apache2/htdocs/index.html'] = '<html><body><h1>It works!</h1></body></html>\n';
  return files;
}

/** The projected service-account volume every pod gets (token, ca.crt, namespace). */
export function serviceAccountFs(ns: string): MemFs {
  return new MemFs({ '/token': FAKE_TOKEN, '/namespace': ns, '/ca.crt': CA_CRT }, true);
}
