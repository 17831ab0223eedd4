/**
 * Rollback as kubectl does it in 1.32 (kubernetes/kubectl `pkg/polymorphichelpers/rollback.go`):
 * client-side, by copying a ReplicaSet's pod template (minus pod-template-hash) back into
 * the Deployment. The controller then finds that old ReplicaSet as the new one and moves
 * it to the next revision, keeping the numbers it held in `revision-history` (sync.ts).
 * This module computes the patch and the exact messages; the server-side rollback API of
 * extensions/v1beta1 no longer exists.
 */
import type { KObject } from '../../api/types';
import type { PodTemplate } from '../util/pods';
import { POD_TEMPLATE_HASH, revisionOf, specOf, templateKey } from './util';
import { clone } from '../../api/objects';

export type RollbackResult =
  | { ok: true; template: PodTemplate; revision: number }
  | { ok: true; skipped: true; revision: number; message: string }
  | { ok: false; error: string };

/** The ReplicaSets of a Deployment by revision; `toRevision` 0 means the previous one. */
export function rollbackTarget(d: KObject, replicaSets: KObject[], toRevision = 0): RollbackResult {
  const name = d.metadata.name;
  if (specOf(d).paused) return { ok: false, error: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again` };
  const byRev = new Map<number, KObject>();
  for (const rs of replicaSets) byRev.set(revisionOf(rs), rs);
  let target: KObject | undefined;
  let rev = toRevision;
  if (toRevision === 0) {
    const revs = [...byRev.keys()].sort((a, b) => b - a);
    if (revs.length < 2) return { ok: false, error: 'no rollout history found for deployment "' + name + '"' };
    rev = revs[1];
    target = byRev.get(rev);
  } else {
    target = byRev.get(toRevision);
    if (!target) return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  }
  const template = clone((target!.spec as { template?: PodTemplate }).template ?? {}) as PodTemplate;
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH];
  if (templateKey(template) === templateKey(specOf(d).template))
    return { ok: true, skipped: true, revision: rev, message: `deployment.apps/${name} skipped rollback (current template already matches revision ${rev})` };
  return { ok: true, template, revision: rev };
}
