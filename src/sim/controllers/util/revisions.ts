/**
 * ControllerRevisions for DaemonSets and StatefulSets (kubernetes
 * `pkg/controller/history`): one object `<owner>-<hash>` per distinct pod template,
 * numbered by `revision`, owned by the set; the hash labels the pods as
 * `controller-revision-hash`.
 */
import type { KObject } from '../../api/types';
import type { ReconcileContext } from '../runtime';
import { templateHash } from '../../random';
import { ownerRefTo } from './pods';
import { clone } from '../../api/objects';

export interface RevisionInfo {
  hash: string;
  name: string;
  revision: number;
  /** all revisions of the owner, oldest first */
  all: KObject[];
}

/** Finds or creates the revision for the owner's current template. */
export function syncRevision(ctx: ReconcileContext, owner: KObject, owned: KObject[], template: unknown, historyLimit = 10): RevisionInfo {
  const hash = templateHash(template, ((owner.status as { collisionCount?: number } | undefined)?.collisionCount) ?? 0);
  const name = `${owner.metadata.name}-${hash}`;
  const sorted = [...owned].sort((a, b) => ((a.revision as number) ?? 0) - ((b.revision as number) ?? 0));
  const max = sorted.reduce((m, r) => Math.max(m, (r.revision as number) ?? 0), 0);
  let cur = sorted.find((r) => r.metadata.name === name);
  if (!cur) {
    const body: KObject = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name, namespace: owner.metadata.namespace, labels: { ...(((owner.spec as { selector?: { matchLabels?: Record<string, string> } })?.selector?.matchLabels) ?? {}), 'controller-revision-hash': hash }, ownerReferences: [ownerRefTo(owner)] },
      data: { spec: { template: { ...(clone(template) as object), $patch: 'replace' } } },
      revision: max + 1,
    };
    const res = ctx.request({ verb: 'create', group: 'apps', resource: 'controllerrevisions', namespace: owner.metadata.namespace, body });
    if (res.code < 300) {
      cur = res.body as KObject;
      sorted.push(cur);
    }
  } else if (((cur.revision as number) ?? 0) < max) {
    // going back to an older template makes its revision the newest again
    const next = clone(cur) as KObject;
    next.revision = max + 1;
    const res = ctx.request({ verb: 'update', group: 'apps', resource: 'controllerrevisions', namespace: owner.metadata.namespace, name, body: next });
    if (res.code < 300) cur = res.body as KObject;
  }
  // history beyond the limit goes, oldest first (never the current one)
  const old = sorted.filter((r) => r.metadata.name !== name);
  for (let i = 0; i < old.length - historyLimit; i++)
    ctx.request({ verb: 'delete', group: 'apps', resource: 'controllerrevisions', namespace: owner.metadata.namespace, name: old[i].metadata.name });
  return { hash, name, revision: (cur?.revision as number) ?? max + 1, all: sorted };
}
