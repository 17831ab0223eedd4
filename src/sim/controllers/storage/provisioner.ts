/**
 * The persistent volume controller with a local-path provisioner (kubernetes
 * `pkg/controller/volume/persistentvolume`, rancher/local-path-provisioner as kind ships
 * it): a Pending claim binds to the smallest fitting Available PV of its class, or — for a
 * class with a provisioner — gets a new PV `pvc-<claim uid>` (hostPath on the chosen node).
 * WaitForFirstConsumer classes wait until the scheduler has picked a node
 * (`volume.kubernetes.io/selected-node`). A claim's deletion releases its PV (Delete
 * reclaim policy removes it). The DefaultStorageClass admission plugin lives here too.
 */
import type { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';
import { parseQuantity } from '../../api/validation/quantity';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from '../runtime';
import { clone } from '../../api/objects';

const COMPONENT = { component: 'persistentvolume-controller' };
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const DEFAULT_CLASS_ANN = 'storageclass.kubernetes.io/is-default-class';

interface PvcSpec {
  storageClassName?: string;
  accessModes?: string[];
  resources?: { requests?: { storage?: string } };
  volumeName?: string;
  volumeMode?: string;
}

function qty(s: string | undefined): number {
  try {
    return s ? parseQuantity(s) : 0;
  } catch {
    return 0;
  }
}

export function defaultClass(cluster: Cluster): KObject | undefined {
  return cluster.api.store.list('storage.k8s.io/storageclasses').find((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANN] === 'true');
}

export class VolumeProvisionerReconciler implements Reconciler {
  readonly name = 'persistentvolume-controller';
  constructor(private cluster: Cluster) {}

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('persistentvolumeclaims');
    // a new PV may satisfy a pending claim; a released PV may need reclaiming
    w.watches('persistentvolumes', (pv) => {
      const ref = (pv.spec as { claimRef?: { namespace?: string; name?: string } }).claimRef;
      if (ref?.name) return [`${ref.namespace}/${ref.name}`];
      return this.cluster.informers.for('persistentvolumeclaims').list().filter((c) => (c.status as { phase?: string })?.phase !== 'Bound').map((c) => `${c.metadata.namespace}/${c.metadata.name}`);
    });
  }

  reconcile(key: string, ctx: ReconcileContext): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const pvc = this.cluster.informers.for('persistentvolumeclaims').get(namespace, name);
    if (!pvc) return this.reclaim(namespace!, name, ctx);
    const spec = pvc.spec as PvcSpec;
    const phase = (pvc.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Bound' || pvc.metadata.deletionTimestamp) return;
    const className = spec.storageClassName ?? '';
    // 1. an existing Available volume that fits
    const want = qty(spec.resources?.requests?.storage);
    const modes = spec.accessModes ?? [];
    const candidates = this.cluster.informers.for('persistentvolumes').list().filter((pv) => {
      const ps = pv.spec as { storageClassName?: string; capacity?: { storage?: string }; accessModes?: string[]; claimRef?: { name?: string; namespace?: string; uid?: string } };
      const free = !ps.claimRef || (ps.claimRef.name === name && ps.claimRef.namespace === namespace);
      return free && (pv.status as { phase?: string } | undefined)?.phase !== 'Released' && (ps.storageClassName ?? '') === className && qty(ps.capacity?.storage) >= want && modes.every((m) => (ps.accessModes ?? []).includes(m)) && (!spec.volumeName || spec.volumeName === pv.metadata.name);
    });
    candidates.sort((a, b) => qty((a.spec as { capacity?: { storage?: string } }).capacity?.storage) - qty((b.spec as { capacity?: { storage?: string } }).capacity?.storage));
    if (candidates.length) return this.bind(pvc, candidates[0], ctx, false);
    // 2. dynamic provisioning
    if (!className) {
      this.cluster.events.record(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', COMPONENT);
      return;
    }
    const sc = this.cluster.informers.for('storageclasses.storage.k8s.io').get(undefined, className);
    if (!sc) {
      this.cluster.events.record(pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`, COMPONENT);
      return;
    }
    const node = pvc.metadata.annotations?.[SELECTED_NODE];
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !node) {
      this.cluster.events.record(pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', COMPONENT);
      return;
    }
    const provisioner = String(sc.provisioner ?? '');
    this.cluster.events.record(pvc, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`, COMPONENT);
    this.cluster.events.record(pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${namespace}/${name}"`, { component: `${provisioner}_local-path-provisioner` });
    const pvName = `pvc-${pvc.metadata.uid}`;
    const pv: KObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName, annotations: { 'local.path.provisioner/selected-node': node ?? '', 'pv.kubernetes.io/provisioned-by': provisioner }, finalizers: ['kubernetes.io/pv-protection'] },
      spec: {
        accessModes: modes,
        capacity: { storage: spec.resources?.requests?.storage ?? '1Gi' },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace, resourceVersion: pvc.metadata.resourceVersion, uid: pvc.metadata.uid },
        hostPath: { path: `/opt/local-path-provisioner/${pvName}_${namespace}_${name}`, type: 'DirectoryOrCreate' },
        ...(node ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } } : {}),
        persistentVolumeReclaimPolicy: String(sc.reclaimPolicy ?? 'Delete'),
        storageClassName: className,
        volumeMode: spec.volumeMode ?? 'Filesystem',
      },
    };
    ctx.decide(`provision ${pvName} for ${namespace}/${name}`);
    const res = ctx.request({ verb: 'create', resource: 'persistentvolumes', body: pv });
    if (res.code >= 300 && res.code !== 409) return;
    this.cluster.events.record(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, { component: `${provisioner}_local-path-provisioner` });
    const stored = res.code < 300 ? (res.body as KObject) : this.cluster.informers.for('persistentvolumes').get(undefined, pvName)!;
    this.bind(pvc, stored, ctx, true);
  }

  private bind(pvc: KObject, pv: KObject, ctx: ReconcileContext, provisioned: boolean): void {
    ctx.decide(`bind ${pvc.metadata.namespace}/${pvc.metadata.name} to ${pv.metadata.name}`);
    const pvNext = clone(pv) as KObject;
    (pvNext.spec as Record<string, unknown>).claimRef = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: pvc.metadata.namespace, resourceVersion: pvc.metadata.resourceVersion, uid: pvc.metadata.uid };
    if (!provisioned) pvNext.metadata.annotations = { ...(pvNext.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes' };
    let r = ctx.request({ verb: 'update', resource: 'persistentvolumes', name: pv.metadata.name, body: pvNext });
    if (r.code >= 300) return;
    const pvStored = clone(r.body) as KObject;
    pvStored.status = { phase: 'Bound' };
    ctx.request({ verb: 'update', resource: 'persistentvolumes', subresource: 'status', name: pv.metadata.name, body: pvStored });
    const pvcNext = clone(pvc) as KObject;
    (pvcNext.spec as PvcSpec).volumeName = pv.metadata.name;
    pvcNext.metadata.annotations = {
      ...(pvcNext.metadata.annotations ?? {}),
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      ...(provisioned ? { 'volume.beta.kubernetes.io/storage-provisioner': String((pv.metadata.annotations ?? {})['pv.kubernetes.io/provisioned-by'] ?? ''), 'volume.kubernetes.io/storage-provisioner': String((pv.metadata.annotations ?? {})['pv.kubernetes.io/provisioned-by'] ?? '') } : {}),
    };
    r = ctx.request({ verb: 'update', resource: 'persistentvolumeclaims', namespace: pvc.metadata.namespace, name: pvc.metadata.name, body: pvcNext });
    if (r.code >= 300) return;
    const pvcStored = clone(r.body) as KObject;
    const ps = pv.spec as { accessModes?: string[]; capacity?: Record<string, string> };
    pvcStored.status = { phase: 'Bound', accessModes: ps.accessModes ?? [], capacity: ps.capacity ?? {} };
    ctx.request({ verb: 'update', resource: 'persistentvolumeclaims', subresource: 'status', namespace: pvc.metadata.namespace, name: pvc.metadata.name, body: pvcStored });
  }

  /** The claim is gone: its volume is Released, and deleted under the Delete policy. */
  private reclaim(namespace: string, name: string, ctx: ReconcileContext): void {
    for (const pv of this.cluster.informers.for('persistentvolumes').list()) {
      const ps = pv.spec as { claimRef?: { name?: string; namespace?: string }; persistentVolumeReclaimPolicy?: string };
      if (ps.claimRef?.name !== name || ps.claimRef?.namespace !== namespace) continue;
      if ((pv.status as { phase?: string } | undefined)?.phase === 'Released') continue;
      if (ps.persistentVolumeReclaimPolicy === 'Delete') {
        ctx.decide(`delete ${pv.metadata.name}: its claim is gone (reclaim policy Delete)`);
        ctx.request({ verb: 'delete', resource: 'persistentvolumes', name: pv.metadata.name });
        // the provisioner removes the volume's data, then the pv-protection finalizer
        const cur = this.cluster.informers.for('persistentvolumes').get(undefined, pv.metadata.name!);
        if (cur) ctx.request({ verb: 'patch', resource: 'persistentvolumes', name: pv.metadata.name, patchType: 'json', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
      } else {
        const next = clone(pv) as KObject;
        next.status = { phase: 'Released' };
        ctx.request({ verb: 'update', resource: 'persistentvolumes', subresource: 'status', name: pv.metadata.name, body: next });
      }
    }
  }
}

const installed = new WeakSet<Cluster>();

/** The DefaultStorageClass admission plugin: a claim without storageClassName gets the default class. */
export function registerDefaultStorageClass(cluster: Cluster): void {
  if (installed.has(cluster)) return;
  installed.add(cluster);
  cluster.api.admission.mutating('DefaultStorageClass', (ctx) => {
    if (ctx.operation !== 'CREATE' || ctx.info.plural !== 'persistentvolumeclaims' || ctx.info.group !== '' || ctx.subresource) return undefined;
    const spec = ctx.object.spec as PvcSpec | undefined;
    if (!spec || spec.storageClassName !== undefined) return undefined;
    const dc = defaultClass(cluster);
    if (dc) spec.storageClassName = dc.metadata.name;
    return undefined;
  });
}
