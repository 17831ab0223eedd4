/**
 * Tables for configuration, storage, policy and RBAC kinds: printConfigMap, printSecret,
 * printServiceAccount, printPersistentVolumeClaim, printPersistentVolume,
 * printStorageClass, printPodDisruptionBudget, printRoleBinding, printClusterRoleBinding,
 * printPriorityClass, printLease, printResourceQuota.
 */
import type { KObject } from '../types';
import { age } from './duration';
import { type Any, AGE, NAME, col, spec, status } from './common';
import type { Printer } from './types';

const created = (o: KObject, now: number) => age(o.metadata.creationTimestamp, now);

export const configMapPrinter: Printer = {
  columns: [NAME, col('Data', 'integer'), AGE],
  cells: (o, ctx) => [o.metadata.name, Object.keys((o as Any).data ?? {}).length + Object.keys((o as Any).binaryData ?? {}).length, created(o, ctx.now)],
};

export const secretPrinter: Printer = {
  columns: [NAME, col('Type'), col('Data', 'integer'), AGE],
  cells: (o, ctx) => [o.metadata.name, (o as Any).type ?? 'Opaque', Object.keys((o as Any).data ?? {}).length, created(o, ctx.now)],
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME, col('Secrets', 'string'), AGE],
  cells: (o, ctx) => [o.metadata.name, ((o as Any).secrets ?? []).length, created(o, ctx.now)],
};

const MODES: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
function accessModes(ms: string[] | undefined): string {
  return (ms ?? []).map((m) => MODES[m] ?? m).join(',');
}

export const pvcPrinter: Printer = {
  columns: [NAME, col('Status'), col('Volume'), col('Capacity'), col('Access Modes'), col('StorageClass'), col('VolumeAttributesClass'), AGE, col('VolumeMode', 'string', 1)],
  cells(o, ctx) {
    const sp = spec(o);
    const st = status(o);
    const bound = !!sp.volumeName;
    return [
      o.metadata.name,
      o.metadata.deletionTimestamp ? 'Terminating' : st.phase ?? 'Pending',
      sp.volumeName ?? '',
      bound ? st.capacity?.storage ?? '' : '',
      bound ? accessModes(st.accessModes) : '',
      sp.storageClassName ?? '',
      sp.volumeAttributesClassName || '<unset>',
      created(o, ctx.now),
      sp.volumeMode ?? 'Filesystem',
    ];
  },
};

export const pvPrinter: Printer = {
  columns: [
    NAME,
    col('Capacity'),
    col('Access Modes'),
    col('Reclaim Policy'),
    col('Status'),
    col('Claim'),
    col('StorageClass'),
    col('VolumeAttributesClass'),
    col('Reason'),
    AGE,
    col('VolumeMode', 'string', 1),
  ],
  cells(o, ctx) {
    const sp = spec(o);
    const st = status(o);
    const claim = sp.claimRef ? `${sp.claimRef.namespace}/${sp.claimRef.name}` : '';
    return [
      o.metadata.name,
      sp.capacity?.storage ?? '',
      accessModes(sp.accessModes),
      sp.persistentVolumeReclaimPolicy ?? 'Retain',
      o.metadata.deletionTimestamp ? 'Terminating' : st.phase ?? 'Pending',
      claim,
      sp.storageClassName ?? '',
      sp.volumeAttributesClassName || '<unset>',
      st.reason ?? '',
      created(o, ctx.now),
      sp.volumeMode ?? 'Filesystem',
    ];
  },
};

export const storageClassPrinter: Printer = {
  columns: [NAME, col('Provisioner'), col('ReclaimPolicy'), col('VolumeBindingMode'), col('AllowVolumeExpansion', 'string'), AGE],
  cells(o, ctx) {
    const x = o as Any;
    const ann = o.metadata.annotations ?? {};
    const isDefault =
      ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return [
      isDefault ? `${o.metadata.name} (default)` : o.metadata.name,
      x.provisioner ?? '',
      x.reclaimPolicy ?? 'Delete',
      x.volumeBindingMode ?? 'Immediate',
      x.allowVolumeExpansion ? 'true' : 'false',
      created(o, ctx.now),
    ];
  },
};

export const pdbPrinter: Printer = {
  columns: [NAME, col('Min Available'), col('Max Unavailable'), col('Allowed Disruptions', 'integer'), AGE],
  cells(o, ctx) {
    const sp = spec(o);
    return [o.metadata.name, sp.minAvailable ?? 'N/A', sp.maxUnavailable ?? 'N/A', status(o).disruptionsAllowed ?? 0, created(o, ctx.now)];
  },
};

function subjects(o: KObject, kind: string): string {
  return ((o as Any).subjects ?? [])
    .filter((s: Any) => s.kind === kind)
    .map((s: Any) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');
}

export const roleBindingPrinter: Printer = {
  columns: [NAME, col('Role'), AGE, col('Users', 'string', 1), col('Groups', 'string', 1), col('ServiceAccounts', 'string', 1)],
  cells(o, ctx) {
    const ref = (o as Any).roleRef ?? {};
    return [o.metadata.name, `${ref.kind}/${ref.name}`, created(o, ctx.now), subjects(o, 'User'), subjects(o, 'Group'), subjects(o, 'ServiceAccount')];
  },
};

export const priorityClassPrinter: Printer = {
  columns: [NAME, col('Value', 'integer'), col('Global-Default', 'boolean'), AGE, col('PreemptionPolicy')],
  cells(o, ctx) {
    const x = o as Any;
    return [o.metadata.name, x.value ?? 0, x.globalDefault ? 'true' : 'false', created(o, ctx.now), x.preemptionPolicy ?? 'PreemptLowerPriority'];
  },
};

export const leasePrinter: Printer = {
  columns: [NAME, col('Holder'), AGE],
  cells: (o, ctx) => [o.metadata.name, spec(o).holderIdentity ?? '', created(o, ctx.now)],
};

export const resourceQuotaPrinter: Printer = {
  columns: [NAME, AGE, col('Request'), col('Limit')],
  cells(o, ctx) {
    const hard = status(o).hard ?? spec(o).hard ?? {};
    const used = status(o).used ?? {};
    const req: string[] = [];
    const lim: string[] = [];
    for (const k of Object.keys(hard).sort()) {
      const cell = `${k}: ${used[k] ?? '0'}/${hard[k]}`;
      if (k.startsWith('limits.')) lim.push(cell);
      else req.push(cell);
    }
    return [o.metadata.name, created(o, ctx.now), req.join(', '), lim.join(', ')];
  },
};
