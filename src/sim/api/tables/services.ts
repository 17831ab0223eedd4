/**
 * Networking tables: printService, printEndpoints, printEndpointSlice, printIngress,
 * printNetworkPolicy from pkg/printers/internalversion/printers.go.
 */
import type { KObject } from '../types';
import { age } from './duration';
import { type Any, AGE, NAME, col, formatLabelSelector, mapString, spec, status } from './common';
import type { Printer } from './types';

function externalIP(svc: KObject): string {
  const sp = spec(svc);
  const ext: string[] = sp.externalIPs ?? [];
  switch (sp.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const ing: Any[] = status(svc).loadBalancer?.ingress ?? [];
      const ips = [...ing.map((i) => i.ip || i.hostname).filter(Boolean), ...ext];
      return ips.length ? ips.join(',') : '<pending>';
    }
    case 'ExternalName':
      return sp.externalName ?? '';
  }
  return '<unknown>';
}

export function servicePorts(svc: KObject): string {
  const ports: Any[] = spec(svc).ports ?? [];
  if (!ports.length) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

export const servicePrinter: Printer = {
  columns: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, col('Selector', 'string', 1)],
  cells(o, ctx) {
    const sp = spec(o);
    const type = sp.type ?? 'ClusterIP';
    const clusterIP = type === 'ExternalName' ? '<none>' : sp.clusterIP || '<none>';
    return [o.metadata.name, type, clusterIP, externalIP(o), servicePorts(o), age(o.metadata.creationTimestamp, ctx.now), mapString(sp.selector)];
  },
};

/** formatEndpoints: up to three `ip:port`, then ` + N more...`. */
export function formatEndpoints(ep: KObject): string {
  const subsets: Any[] = (ep as Any).subsets ?? [];
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const ss of subsets) {
    const addrs: Any[] = ss.addresses ?? [];
    const ports: Any[] = ss.ports ?? [];
    if (ports.length === 0) {
      for (const a of addrs) {
        if (count < 3) list.push(a.ip);
        else more = true;
        count++;
      }
    } else {
      for (const p of ports) {
        for (const a of addrs) {
          if (count < 3) list.push(`${a.ip}:${p.port}`);
          else more = true;
          count++;
        }
      }
    }
  }
  if (count === 0) return '<none>';
  let s = list.join(',');
  if (more) s += ` + ${count - 3} more...`;
  return s;
}

export const endpointsPrinter: Printer = {
  columns: [NAME, col('Endpoints'), AGE],
  cells: (o, ctx) => [o.metadata.name, formatEndpoints(o), age(o.metadata.creationTimestamp, ctx.now)],
};

export const endpointSlicePrinter: Printer = {
  columns: [NAME, col('AddressType'), col('Ports'), col('Endpoints'), AGE],
  cells(o, ctx) {
    const x = o as Any;
    const ports: Any[] = x.ports ?? [];
    const portsCell = ports.length ? ports.map((p) => String(p.port ?? '')).join(',') : '<unset>';
    const addrs: string[] = [];
    for (const e of x.endpoints ?? []) for (const a of e.addresses ?? []) addrs.push(a);
    let eps = addrs.slice(0, 3).join(',');
    if (addrs.length > 3) eps += ` + ${addrs.length - 3} more...`;
    return [o.metadata.name, x.addressType ?? '', portsCell, addrs.length ? eps : '<unset>', age(o.metadata.creationTimestamp, ctx.now)];
  },
};

export const ingressPrinter: Printer = {
  columns: [NAME, col('Class'), col('Hosts'), col('Address'), col('Ports'), AGE],
  cells(o, ctx) {
    const sp = spec(o);
    const hosts = (sp.rules ?? []).map((r: Any) => r.host).filter(Boolean);
    const ing: Any[] = status(o).loadBalancer?.ingress ?? [];
    const addr = ing.map((i) => i.ip || i.hostname).filter(Boolean).join(',');
    return [
      o.metadata.name,
      sp.ingressClassName || '<none>',
      hosts.length ? hosts.join(',') : '*',
      addr,
      sp.tls?.length ? '80, 443' : '80',
      age(o.metadata.creationTimestamp, ctx.now),
    ];
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [NAME, col('Pod-Selector'), AGE],
  cells(o, ctx) {
    return [o.metadata.name, formatLabelSelector(spec(o).podSelector ?? {}), age(o.metadata.creationTimestamp, ctx.now)];
  },
};
