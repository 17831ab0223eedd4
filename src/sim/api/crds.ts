/**
 * CustomResourceDefinitions (apiextensions.k8s.io/v1): a stored CRD registers its kind
 * for every served version at once; its status reports NamesAccepted and Established;
 * deleting it deletes every custom object of the kind first (the
 * `customresourcecleanup.apiextensions.k8s.io` finalizer), then removes the kind.
 */
import { field, invalid } from './errors';
import { clone } from './objects';
import type { KindInfo, PrinterColumn } from './registry';
import type { ApiServer } from './server';
import type { KObject } from './types';

const CLEANUP = 'customresourcecleanup.apiextensions.k8s.io';
const USER = 'system:serviceaccount:kube-system:apiextensions-controller';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: Record<string, unknown> };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: { name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string }[];
}

interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: { kind: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[]; listKind?: string };
  versions: CrdVersion[];
}

/** The kinds a CRD serves, one per served version. */
export function crdKinds(crd: KObject): KindInfo[] {
  const spec = crd.spec as CrdSpec;
  return (spec.versions ?? [])
    .filter((v) => v.served !== false)
    .map((v) => ({
      group: spec.group,
      version: v.name,
      kind: spec.names.kind,
      listKind: spec.names.listKind ?? `${spec.names.kind}List`,
      plural: spec.names.plural,
      singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
      shortNames: spec.names.shortNames ?? [],
      categories: spec.names.categories ?? [],
      namespaced: spec.scope !== 'Cluster',
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      subresources: {
        ...(v.subresources?.status ? { status: true } : {}),
        ...(v.subresources?.scale ? { scale: { ...v.subresources.scale } } : {}),
      },
      generation: true,
      strategicMerge: false,
      printerColumns: v.additionalPrinterColumns?.map(
        (c): PrinterColumn => ({
          name: c.name,
          type: c.type,
          format: c.format,
          description: c.description,
          priority: c.priority ?? 0,
          jsonPath: c.jsonPath,
        }),
      ),
      schema: v.schema?.openAPIV3Schema,
      crd: crd.metadata.name,
    }));
}

export class CrdController {
  /** CRD name → registered `group/version/plural`s */
  private registered = new Map<string, string[]>();
  private pending = new Set<string>();
  private scheduled = false;

  constructor(private api: ApiServer) {
    api.admission.mutating('CustomResourceDefinitionFinalizer', (ctx) => {
      if (ctx.info.kind !== 'CustomResourceDefinition' || ctx.operation !== 'CREATE') return;
      const f = ctx.object.metadata.finalizers ?? [];
      if (!f.includes(CLEANUP)) ctx.object.metadata.finalizers = [...f, CLEANUP];
    });
    api.admission.validating('CustomResourceDefinitionNames', (ctx) => {
      if (ctx.info.kind !== 'CustomResourceDefinition' || ctx.operation === 'DELETE') return;
      const spec = ctx.object.spec as CrdSpec | undefined;
      const name = ctx.object.metadata.name!;
      if (spec?.group && spec.names?.plural && name !== `${spec.names.plural}.${spec.group}`)
        return invalid('CustomResourceDefinition', 'apiextensions.k8s.io', name, [
          field.invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'),
        ]);
      // another CRD may not claim the same kind in the same group
      for (const other of api.store.list('apiextensions.k8s.io/customresourcedefinitions')) {
        if (other.metadata.name === name) continue;
        const os = other.spec as CrdSpec;
        if (os.group === spec?.group && os.names.kind === spec?.names.kind)
          return invalid('CustomResourceDefinition', 'apiextensions.k8s.io', name, [
            field.invalid('spec.names.kind', spec.names.kind, `kind ${JSON.stringify(spec.names.kind)} is already in use`),
          ]);
      }
      return undefined;
    });
    api.afterWrite((info, obj) => {
      if (info.group !== 'apiextensions.k8s.io' || info.plural !== 'customresourcedefinitions') return;
      if (!obj.metadata.deletionTimestamp) this.register(obj);
      this.enqueue(obj.metadata.name!);
    });
    api.store.onChange((c) => {
      if (c.resource === 'apiextensions.k8s.io/customresourcedefinitions' && c.type === 'DELETED') this.unregister(c.object.metadata.name!);
      // a custom object going away may let a terminating CRD finish
      if (c.type === 'DELETED') for (const [crd, keys] of this.registered) if (keys.some((k) => k.startsWith(`${c.resource.split('/')[0]}/`) && k.endsWith(`/${c.resource.split('/')[1]}`))) this.enqueue(crd);
    });
  }

  /** Registers the kinds of every stored CRD (after a restore). */
  resync(): void {
    for (const crd of this.api.store.list('apiextensions.k8s.io/customresourcedefinitions')) {
      this.register(crd);
      this.enqueue(crd.metadata.name!);
    }
  }

  private register(crd: KObject): void {
    const kinds = crdKinds(crd);
    const keys = kinds.map((k) => `${k.group}/${k.version}/${k.plural}`);
    for (const old of this.registered.get(crd.metadata.name!) ?? [])
      if (!keys.includes(old)) {
        const [g, v, p] = old.split('/');
        this.api.kinds.unregister(g, v, p);
      }
    for (const k of kinds) this.api.kinds.register(k);
    this.registered.set(crd.metadata.name!, keys);
  }

  private unregister(name: string): void {
    for (const key of this.registered.get(name) ?? []) {
      const [g, v, p] = key.split('/');
      this.api.kinds.unregister(g, v, p);
    }
    this.registered.delete(name);
  }

  private enqueue(name: string): void {
    this.pending.add(name);
    if (!this.scheduled) {
      this.scheduled = true;
      this.api.clock.schedule(0, () => this.run(), 'apiextensions-controller');
    }
  }

  private run(): void {
    this.scheduled = false;
    const names = [...this.pending];
    this.pending.clear();
    for (const name of names) {
      const crd = this.api.store.get('apiextensions.k8s.io/customresourcedefinitions', undefined, name);
      if (!crd) continue;
      if (crd.metadata.deletionTimestamp) this.cleanup(crd);
      else this.updateStatus(crd);
    }
  }

  private updateStatus(crd: KObject): void {
    const spec = crd.spec as CrdSpec;
    const now = this.api.clock.iso();
    const status = (crd.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime: string; reason: string; message: string }[] };
    if ((status.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True')) return;
    const next = clone(crd);
    next.status = {
      acceptedNames: {
        kind: spec.names.kind,
        listKind: spec.names.listKind ?? `${spec.names.kind}List`,
        plural: spec.names.plural,
        singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
        ...(spec.names.shortNames ? { shortNames: spec.names.shortNames } : {}),
        ...(spec.names.categories ? { categories: spec.names.categories } : {}),
      },
      conditions: [
        { lastTransitionTime: now, message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted' },
        { lastTransitionTime: now, message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established' },
      ],
      storedVersions: spec.versions.filter((v) => v.storage).map((v) => v.name),
    };
    this.api.request({ verb: 'update', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', name: crd.metadata.name, subresource: 'status', body: next, user: USER });
  }

  private cleanup(crd: KObject): void {
    const kinds = crdKinds(crd);
    let remaining = 0;
    if (kinds.length) {
      const k = kinds[0];
      const items = this.api.store.list(`${k.group}/${k.plural}`);
      remaining = items.length;
      for (const o of items)
        if (!o.metadata.deletionTimestamp)
          this.api.request({ verb: 'delete', group: k.group, version: k.version, resource: k.plural, namespace: o.metadata.namespace, name: o.metadata.name, user: USER });
      remaining = this.api.store.list(`${k.group}/${k.plural}`).length;
    }
    if (remaining === 0 && (crd.metadata.finalizers ?? []).includes(CLEANUP)) {
      const latest = this.api.store.get('apiextensions.k8s.io/customresourcedefinitions', undefined, crd.metadata.name!)!;
      const next = clone(latest);
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== CLEANUP);
      this.api.request({ verb: 'update', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', name: crd.metadata.name, body: next, user: USER });
    }
  }
}
