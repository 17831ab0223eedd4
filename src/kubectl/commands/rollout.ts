/**
 * `kubectl rollout status|history|undo|pause|resume|restart` for Deployments (and the
 * status of DaemonSets and StatefulSets), with kubectl's polymorphichelpers wording:
 * status waits on the virtual clock, printing each message once when it changes.
 */
import type { KindInfo } from '../../sim/api/registry';
import type { KObject } from '../../sim/api/types';
import type { Command } from '../command';
import { type Ctx, deepClone, isStatus, resolveResourceArgs } from '../context';
import { kindRef } from '../discovery';
import { parseFlags } from '../flags';
import { helpText } from '../help';
import { tabulate } from '../printers/tabwriter';
import { deepEqual } from '../merge3';
import { parseGoDuration } from '../../sim/api/tables/duration';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const REVISION = 'deployment.kubernetes.io/revision';

/** [done, message] as kubectl's DeploymentStatusViewer, DaemonSetStatusViewer, StatefulSetStatusViewer. */
export function rolloutStatus(obj: KObject, revision = 0): { done: boolean; msg: string } | { error: string } {
  const o = obj as Any;
  const st = o.status ?? {};
  const name = obj.metadata.name;
  switch (obj.kind) {
    case 'Deployment': {
      if (revision > 0) {
        const rev = parseInt(obj.metadata.annotations?.[REVISION] ?? '0', 10);
        if (rev !== revision) return { error: `desired revision (${revision}) is different from the running revision (${rev})` };
      }
      if ((obj.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
        const cond = (st.conditions ?? []).find((c: Any) => c.type === 'Progressing');
        if (cond && cond.reason === 'ProgressDeadlineExceeded') return { error: `deployment "${name}" exceeded its progress deadline` };
        const want = o.spec?.replicas ?? 1;
        const updated = st.updatedReplicas ?? 0;
        if (updated < want) return { done: false, msg: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n` };
        if ((st.replicas ?? 0) > updated) return { done: false, msg: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n` };
        if ((st.availableReplicas ?? 0) < updated) return { done: false, msg: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n` };
        return { done: true, msg: `deployment "${name}" successfully rolled out\n` };
      }
      return { done: false, msg: `Waiting for deployment spec update to be observed...\n` };
    }
    case 'DaemonSet': {
      if (o.spec?.updateStrategy?.type && o.spec.updateStrategy.type !== 'RollingUpdate') return { error: 'rollout status is only available for RollingUpdate strategy type' };
      if ((obj.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
        if ((st.updatedNumberScheduled ?? 0) < (st.desiredNumberScheduled ?? 0))
          return { done: false, msg: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${st.desiredNumberScheduled ?? 0} new pods have been updated...\n` };
        if ((st.numberAvailable ?? 0) < (st.desiredNumberScheduled ?? 0))
          return { done: false, msg: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${st.desiredNumberScheduled ?? 0} updated pods are available...\n` };
        return { done: true, msg: `daemon set "${name}" successfully rolled out\n` };
      }
      return { done: false, msg: `Waiting for daemon set spec update to be observed...\n` };
    }
    case 'StatefulSet': {
      if (o.spec?.updateStrategy?.type === 'OnDelete') return { error: 'rollout status is only available for RollingUpdate strategy type' };
      if (st.observedGeneration === undefined || (obj.metadata.generation ?? 0) > st.observedGeneration) return { done: false, msg: 'Waiting for statefulset spec update to be observed...\n' };
      const want = o.spec?.replicas ?? 1;
      if ((st.readyReplicas ?? 0) < want) return { done: false, msg: `Waiting for ${want - (st.readyReplicas ?? 0)} pods to be ready...\n` };
      // a defaulted RollingUpdate has partition 0, and that is enough to take this branch
      const partition = o.spec?.updateStrategy?.rollingUpdate?.partition;
      if (partition !== undefined && partition !== null) {
        if ((st.updatedReplicas ?? 0) < want - partition)
          return { done: false, msg: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${want - partition} new pods have been updated...\n` };
        return { done: true, msg: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n` };
      }
      if (st.updateRevision !== st.currentRevision)
        return { done: false, msg: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n` };
      return { done: true, msg: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n` };
    }
  }
  return { error: `no status viewer has been implemented for ${obj.kind}` };
}

/** The ReplicaSets a Deployment controls, by revision. */
function replicaSets(ctx: Ctx, d: KObject): KObject[] {
  const rsInfo = ctx.resolveType('replicasets.apps')!;
  const l = ctx.list(rsInfo, {}, d.metadata.namespace);
  if (isStatus(l)) return [];
  return l.items
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === d.metadata.uid))
    .sort((a, b) => rev(a) - rev(b));
}

/** The ControllerRevisions of a DaemonSet or StatefulSet, oldest first. */
function revisions(ctx: Ctx, owner: KObject): KObject[] {
  const info = ctx.resolveType('controllerrevisions.apps');
  if (!info) return [];
  const l = ctx.list(info, {}, owner.metadata.namespace);
  if (isStatus(l)) return [];
  return l.items
    .filter((c) => (c.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid))
    .sort((a, b) => ((a as Any).revision ?? 0) - ((b as Any).revision ?? 0));
}

const rev = (o: KObject) => parseInt(o.metadata.annotations?.[REVISION] ?? '0', 10);

function templateOf(rs: KObject): Any {
  const t = deepClone((rs as Any).spec?.template ?? {});
  if (t.metadata?.labels) delete t.metadata.labels['pod-template-hash'];
  return t;
}

const SUBS = ['history', 'pause', 'restart', 'resume', 'status', 'undo'];

export const rolloutCommand: Command = {
  name: 'rollout',
  rawArgs: true,
  flags: [],
  subcommands: SUBS,
  async run(ctx) {
    const [sub, ...rest] = ctx.p.args;
    if (!sub) {
      ctx.out(helpText('rollout') ?? '');
      return 0;
    }
    if (!SUBS.includes(sub)) {
      ctx.err(`error: unknown command "${sub}"\nSee 'kubectl rollout -h' for help and examples\n`);
      return 1;
    }
    const p = parseFlags(rest, [
      { name: 'watch', short: 'w', type: 'bool', default: true },
      { name: 'timeout', type: 'string', default: '0s' },
      { name: 'revision', type: 'int', default: 0 },
      { name: 'to-revision', type: 'int', default: 0 },
      { name: 'output', short: 'o', type: 'string', default: '' },
      { name: 'selector', short: 'l', type: 'string', default: '' },
      { name: 'dry-run', type: 'string', default: 'none' },
      { name: 'filename', short: 'f', type: 'stringSlice' },
      { name: 'recursive', short: 'R', type: 'bool', default: false },
      { name: 'field-manager', type: 'string', default: 'kubectl-rollout' },
    ]);
    if ('error' in p) {
      ctx.err(`error: ${p.error}\nSee 'kubectl rollout ${sub} --help' for usage.\n`);
      return 1;
    }
    Object.assign(ctx.p, p);
    if (p.args.length === 0) {
      ctx.err(`error: required resource not specified\n`);
      return 1;
    }
    const groups = resolveResourceArgs(ctx, p.args, false);
    if ('error' in groups) return ctx.fail(groups.error);
    let code = 0;
    for (const g of groups) {
      if (!g.names) return ctx.fail('required resource name not specified');
      for (const name of g.names) {
        const r = await one(ctx, sub, g.info, name);
        if (r) code = r;
      }
    }
    return code;
  },
};

async function one(ctx: Ctx, sub: string, info: KindInfo, name: string): Promise<number> {
  const supported = ['Deployment', 'DaemonSet', 'StatefulSet'];
  const obj = ctx.get(info, name);
  if (isStatus(obj)) return ctx.status(obj);
  if (!supported.includes(info.kind)) return ctx.fail(`no ${sub === 'status' ? 'status viewer' : sub === 'history' ? 'history viewer' : sub === 'undo' ? 'rollbacker' : 'restarter'} has been implemented for "${info.kind}"`);
  const ref = `${kindRef(info)}/${name}`;
  const write = (body: KObject, msg: string): number => {
    const res = ctx.request(ctx.req(info, 'update', { name, body, query: { fieldManager: 'kubectl-rollout' } }));
    if (isStatus(res.body)) return ctx.status(res.body);
    ctx.out(`${ref} ${msg}\n`);
    return 0;
  };
  switch (sub) {
    case 'status': {
      const timeout = parseGoDuration(ctx.flag<string>('timeout')) ?? 0;
      const limit = timeout > 0 ? timeout : ctx.io.interactive ? Infinity : Math.max(ctx.io.streamLimitMs ?? 0, 900_000);
      let last = '';
      let waited = 0;
      for (;;) {
        const cur = ctx.get(info, name);
        if (isStatus(cur)) return ctx.status(cur);
        const s = rolloutStatus(cur, ctx.flag<number>('revision'));
        if ('error' in s) return ctx.fail(s.error);
        if (s.msg !== last) ctx.out(s.msg);
        last = s.msg;
        if (s.done || !ctx.flag<boolean>('watch')) return 0;
        if (ctx.io.cancelled()) return 130;
        if (waited >= limit) return ctx.fail('timed out waiting for the condition');
        await ctx.io.sleep(1000);
        waited += 1000;
      }
    }
    case 'history': {
      if (info.kind !== 'Deployment') {
        const crs = revisions(ctx, obj);
        const want = ctx.flag<number>('revision');
        if (want > 0) {
          const cr = crs.find((c) => (c as Any).revision === want);
          if (!cr) return ctx.fail(`unable to find the specified revision`);
          ctx.out(`${ref} with revision #${want}\n${describeTemplate((cr as Any).data?.spec?.template ?? {})}`);
          return 0;
        }
        const rows = [['REVISION', 'CHANGE-CAUSE'], ...crs.map((c) => [String((c as Any).revision), c.metadata.annotations?.['kubernetes.io/change-cause'] ?? '<none>'])];
        ctx.out(`${ref} \n${tabulate(rows, 0, 2)}\n`);
        return 0;
      }
      const rss = replicaSets(ctx, obj);
      const want = ctx.flag<number>('revision');
      if (want > 0) {
        const rs = rss.find((r) => rev(r) === want);
        if (!rs) return ctx.fail(`unable to find the specified revision`);
        ctx.out(`${ref} with revision #${want}\n${describeTemplate(templateOf(rs))}`);
        return 0;
      }
      const rows = [['REVISION', 'CHANGE-CAUSE'], ...rss.filter((r) => rev(r) > 0).map((r) => [String(rev(r)), r.metadata.annotations?.['kubernetes.io/change-cause'] ?? '<none>'])];
      ctx.out(`${ref} \n${tabulate(rows, 0, 2)}\n`);
      return 0;
    }
    case 'undo': {
      if (info.kind !== 'Deployment') {
        const crs = revisions(ctx, obj);
        const to = ctx.flag<number>('to-revision');
        const current = crs[crs.length - 1];
        const target = to > 0 ? crs.find((c) => (c as Any).revision === to) : crs[crs.length - 2];
        if (!target) return ctx.fail(to > 0 ? `unable to find specified revision ${to} in history` : `no rollout history found for ${info.kind.toLowerCase()} "${name}"`);
        if (target === current) {
          ctx.out(`${ref} skipped rollback (current template already matches revision ${(target as Any).revision})\n`);
          return 0;
        }
        const res = ctx.request(ctx.req(info, 'patch', { name, patchType: 'strategic', body: (target as Any).data ?? {}, query: { fieldManager: 'kubectl-rollout' } }));
        if (isStatus(res.body)) return ctx.status(res.body);
        ctx.out(`${ref} rolled back\n`);
        return 0;
      }
      const rss = replicaSets(ctx, obj).filter((r) => rev(r) > 0);
      const current = rev(obj);
      const to = ctx.flag<number>('to-revision');
      let target: KObject | undefined;
      if (to > 0) {
        target = rss.find((r) => rev(r) === to);
        if (!target) return ctx.fail(`unable to find specified revision ${to} in history`);
      } else {
        const prev = rss.filter((r) => rev(r) !== current);
        target = prev[prev.length - 1];
        if (!target) return ctx.fail(`no rollout history found for deployment "${name}"`);
      }
      if ((obj as Any).spec?.paused) return ctx.fail(`you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again`);
      const tpl = templateOf(target);
      if (deepEqual(tpl, (obj as Any).spec?.template)) {
        ctx.out(`${ref} skipped rollback (current template already matches revision ${rev(target)})\n`);
        return 0;
      }
      const body = deepClone(obj);
      (body as Any).spec.template = tpl;
      const anns = { ...(body.metadata.annotations ?? {}) };
      const cause = target.metadata.annotations?.['kubernetes.io/change-cause'];
      if (cause) anns['kubernetes.io/change-cause'] = cause;
      else delete anns['kubernetes.io/change-cause'];
      body.metadata.annotations = anns;
      return write(body, 'rolled back');
    }
    case 'pause':
    case 'resume': {
      if (info.kind !== 'Deployment') return ctx.fail(`${info.plural}.${info.group} "${name}" ${sub === 'pause' ? 'pausing' : 'resuming'} is not supported`);
      const paused = !!(obj as Any).spec?.paused;
      if (sub === 'pause' && paused) return ctx.fail(`${info.plural}.${info.group} "${name}" is already paused`);
      if (sub === 'resume' && !paused) return ctx.fail(`${info.plural}.${info.group} "${name}" is not paused`);
      const body = deepClone(obj);
      if (sub === 'pause') (body as Any).spec.paused = true;
      else delete (body as Any).spec.paused;
      return write(body, sub === 'pause' ? 'paused' : 'resumed');
    }
    case 'restart': {
      if ((obj as Any).spec?.paused) return ctx.fail(`can't restart paused deployment (run rollout resume first)`);
      const body = deepClone(obj);
      const t = (body as Any).spec.template;
      t.metadata = t.metadata ?? {};
      t.metadata.annotations = { ...(t.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': new Date(ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') };
      return write(body, 'restarted');
    }
  }
  return 1;
}

/** The pod template as `rollout history --revision` prints it. */
function describeTemplate(t: Any): string {
  const lines: string[] = ['Pod Template:'];
  const labels = t.metadata?.labels ?? {};
  const lk = Object.keys(labels).sort();
  lines.push(`  Labels:\t${lk.length ? lk.map((k) => `${k}=${labels[k]}`).join('\n\t') : '<none>'}`);
  lines.push('  Containers:');
  for (const c of t.spec?.containers ?? []) {
    lines.push(`   ${c.name}:`);
    lines.push(`    Image:\t${c.image}`);
    lines.push(`    Port:\t${c.ports?.[0] ? `${c.ports[0].containerPort}/${c.ports[0].protocol ?? 'TCP'}` : '<none>'}`);
    lines.push(`    Host Port:\t${c.ports?.[0] ? `0/${c.ports[0].protocol ?? 'TCP'}` : '<none>'}`);
    lines.push(`    Environment:\t<none>`);
    lines.push(`    Mounts:\t<none>`);
  }
  lines.push(`  Volumes:\t<none>`);
  lines.push(`  Node-Selectors:\t<none>`);
  lines.push(`  Tolerations:\t<none>`);
  return tabulate(lines.map((l) => l.split('\t')), 0, 1) + '\n';
}
