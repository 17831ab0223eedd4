/**
 * Client-side discovery and resource mapping, like kubectl's cached discovery and
 * RESTMapper: the kinds the server serves (built-ins plus CRDs read through the API), and
 * resolution of what the user types (`po`, `deploy`, `deployments.apps`).
 */
import { BUILTIN_KINDS } from '../sim/api/builtins';
import { KindRegistry, type KindInfo, type PrinterColumn } from '../sim/api/registry';
import type { KList, KObject } from '../sim/api/types';
import type { Client } from './types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function crdKinds(crd: Any): KindInfo[] {
  const sp = crd.spec ?? {};
  const names = sp.names ?? {};
  return (sp.versions ?? [])
    .filter((v: Any) => v.served !== false)
    .map((v: Any) => ({
      group: sp.group,
      version: v.name,
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      plural: names.plural,
      singular: names.singular ?? String(names.kind).toLowerCase(),
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      namespaced: sp.scope !== 'Cluster',
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      subresources: {
        ...(v.subresources?.status ? { status: true } : {}),
        ...(v.subresources?.scale ? { scale: v.subresources.scale } : {}),
      },
      generation: true,
      strategicMerge: false,
      printerColumns: (v.additionalPrinterColumns ?? []).map(
        (c: Any): PrinterColumn => ({ name: c.name, type: c.type, format: c.format, description: c.description, priority: c.priority ?? 0, jsonPath: c.jsonPath }),
      ),
      schema: v.schema?.openAPIV3Schema,
      crd: crd.metadata?.name,
    }));
}

/** The kinds the server serves. Storage versions first so `resolve` picks them. */
export function discover(client: Client): KindRegistry {
  const reg = new KindRegistry();
  const kinds = client.kinds ? client.kinds() : BUILTIN_KINDS;
  for (const k of kinds) reg.register(k);
  if (!client.kinds) {
    const res = client.request({ verb: 'list', group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' });
    if (res.code === 200) for (const crd of (res.body as KList).items ?? []) for (const k of crdKinds(crd as KObject)) reg.register(k);
  }
  return reg;
}

/** `deployment.apps` / `pod`: how kubectl names a kind in messages. */
export function kindRef(info: Pick<KindInfo, 'kind' | 'group'>): string {
  const k = info.kind.toLowerCase();
  return info.group ? `${k}.${info.group}` : k;
}

/** `deployments.apps` / `pods`: the qualified resource of Status messages. */
export function resourceRef(info: Pick<KindInfo, 'plural' | 'group'>): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}
