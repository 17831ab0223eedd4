/**
 * VolumeBinding (kubernetes `pkg/scheduler/framework/plugins/volumebinding`), reduced:
 * a pod's claims must exist; unbound claims of Immediate classes keep it Pending; bound
 * volumes with node affinity (local-path PVs) restrict the node; unbound claims of a
 * WaitForFirstConsumer class get the chosen node (`volume.kubernetes.io/selected-node`)
 * in PreBind so the provisioner can create the volume there.
 */
import type { KObject } from '../../api/types';
import type { Plugin } from './types';
import { fail } from './types';
import { termMatches, type NodeSelectorTerm } from './node-affinity';
import type { Informer } from '../../controllers/runtime';

export interface VolumeState {
  delayed: KObject[];
  terms: NodeSelectorTerm[][];
}

export function volumeBinding(informer: (ref: string) => Informer): Plugin {
  return {
    name: 'VolumeBinding',
    preFilter(s) {
      const vols = ((s.pod.spec as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] }).volumes ?? []).filter((v) => v.persistentVolumeClaim?.claimName);
      const st: VolumeState = { delayed: [], terms: [] };
      s.data.volumes = st;
      for (const v of vols) {
        const claim = v.persistentVolumeClaim!.claimName!;
        const pvc = informer('persistentvolumeclaims').get(s.pod.metadata.namespace, claim);
        if (!pvc) return `persistentvolumeclaim "${claim}" not found`;
        const spec = pvc.spec as { volumeName?: string; storageClassName?: string };
        if (spec.volumeName) {
          const pv = informer('persistentvolumes').get(undefined, spec.volumeName);
          const terms = (pv?.spec as { nodeAffinity?: { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } } } | undefined)?.nodeAffinity?.required?.nodeSelectorTerms;
          if (terms?.length) st.terms.push(terms);
          continue;
        }
        const sc = spec.storageClassName ? informer('storageclasses.storage.k8s.io').get(undefined, spec.storageClassName) : undefined;
        if (sc?.volumeBindingMode === 'WaitForFirstConsumer') st.delayed.push(pvc);
        else return 'pod has unbound immediate PersistentVolumeClaims';
      }
      return undefined;
    },
    filter(s, n) {
      const st = s.data.volumes as VolumeState | undefined;
      if (!st) return undefined;
      for (const terms of st.terms) if (!terms.some((t) => termMatches(t, n.node!))) return fail('node(s) had volume node affinity conflict', true);
      return undefined;
    },
  };
}
