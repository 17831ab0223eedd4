/**
 * `kubectl cp`: files between the learner's file system and a container, carried by
 * exec (`cat` out of the pod, `sh -c 'cat > path'` into it) where kubectl streams tar.
 * kubectl's tar note about absolute paths is printed as it is.
 */
import type { Command } from '../command';
import type { Ctx } from '../context';
import { isStatus } from '../context';
import { execOnce } from './exec';

function remote(spec: string, ctx: Ctx): { ns: string; pod: string; path: string } | undefined {
  const m = /^(?:([^/:]+)\/)?([^/:]+):(.*)$/.exec(spec);
  if (!m) return undefined;
  return { ns: m[1] ?? ctx.namespace, pod: m[2], path: m[3] };
}

export const cpCommand: Command = {
  name: 'cp',
  flags: [{ name: 'container', short: 'c', type: 'string', default: '' }, { name: 'no-preserve', type: 'bool', default: false }, { name: 'retries', type: 'int', default: 0 }],
  run(ctx) {
    const [src, dst] = ctx.p.args;
    if (!src || !dst || ctx.p.args.length !== 2) return ctx.usage('source and destination are required');
    const from = remote(src, ctx);
    const to = remote(dst, ctx);
    if (!from && !to) return ctx.fail('one of src or dest must be a remote file specification');
    if (from && to) return ctx.fail('one of src or dest must be a local file specification');
    const container = ctx.flag<string>('container') || undefined;
    const fs = ctx.io.fs;
    if (from) {
      const pod = ctx.get(ctx.resolveType('pods')!, from.pod, from.ns);
      if (isStatus(pod)) return ctx.status(pod);
      if (from.path.startsWith('/')) ctx.err("tar: Removing leading `/' from member names\n");
      const r = execOnce(ctx, from.pod, from.ns, container, ['cat', from.path]);
      if (typeof r === 'number') return r;
      if (r.exitCode !== 0) {
        ctx.err(`tar: ${from.path.replace(/^\//, '')}: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\ncommand terminated with exit code 2\n`);
        return 1;
      }
      const target = fs?.isDir(dst) ? `${dst.replace(/\/$/, '')}/${from.path.split('/').pop()}` : dst;
      fs?.write(target, r.stdout);
      return 0;
    }
    const content = fs?.read(src);
    if (content === undefined) return ctx.fail(`${src} doesn't exist in local filesystem`);
    const pod = ctx.get(ctx.resolveType('pods')!, to!.pod, to!.ns);
    if (isStatus(pod)) return ctx.status(pod);
    const path = to!.path === '' || to!.path.endsWith('/') ? `${to!.path}${src.split('/').pop()}` : to!.path;
    const r = execOnce(ctx, to!.pod, to!.ns, container, ['sh', '-c', `cat > '${path.replace(/'/g, "'\\''")}'`], content);
    if (typeof r === 'number') return r;
    if (r.exitCode !== 0) {
      ctx.err(r.stderr);
      return 1;
    }
    return 0;
  },
};
