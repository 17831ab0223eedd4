/**
 * The lab format: what a course author writes in `labs/<id>/lab.ts` as
 * `export default defineLab({...})`. Start state, tasks whose checks read cluster state
 * through a read-only client, hints, and a solution the headless runner replays.
 */
import { z } from 'astro/zod';
import type { KObject } from '../sim/api/types';

/** Read-only view of the cluster that checks receive. Built on the request interface. */
export interface ReadClient {
  /** One object, or undefined when it does not exist. `resource` may be a plural, singular, kind or short name. */
  get(resource: string, name: string, namespace?: string): KObject | undefined;
  /** Objects of a resource; `ns` omitted = the default namespace, `ns: '*'` = all namespaces. */
  list(resource: string, opts?: { ns?: string; labelSelector?: string; fieldSelector?: string }): KObject[];
}

/** A check passes on `true`. Returning a string means "not yet" and the string says why (shown to the learner). */
export type CheckResult = boolean | string;
export type CheckFn = (k: ReadClient) => CheckResult;

const id = (what: string) =>
  z
    .string({ required_error: `${what} id is required` })
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, `${what} id must use lowercase letters, digits and dashes, e.g. first-pod`);

const duration = z
  .string()
  .regex(/^(\d+(ms|s|m|h))+$/, 'a duration must look like 30s, 2m or 1m30s');

const file = z
  .object({
    name: z
      .string()
      .regex(/^[\w.-]+\.ya?ml$/, 'a file name must end in .yaml or .yml, e.g. pod.yaml')
      .describe('Tab name in the editor, e.g. pod.yaml.'),
    content: z.string().describe('The file text (YAML, possibly several documents separated by ---).'),
  })
  .strict();

const node = z
  .object({
    name: z.string().min(1).describe('Node name, e.g. worker-1.'),
    role: z.enum(['control-plane', 'worker']).default('worker').describe('control-plane nodes carry the NoSchedule taint.'),
    cpu: z.string().default('2').describe('Allocatable CPU as a quantity, e.g. 2 or 1500m.'),
    memory: z.string().default('4Gi').describe('Allocatable memory as a quantity, e.g. 4Gi.'),
    labels: z.record(z.string()).optional().describe('Extra node labels.'),
    taints: z
      .array(z.object({ key: z.string(), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) }).strict())
      .optional()
      .describe('Taints the node starts with, e.g. [{ key: "gpu", value: "true", effect: "NoSchedule" }].'),
  })
  .strict();

const task = z
  .object({
    id: id('task'),
    title: z.string().min(1, 'a task needs a title saying what to achieve').describe('What the learner must achieve, in one line.'),
    check: z
      .custom<CheckFn>((v) => typeof v === 'function', {
        message: 'check must be a function (k) => boolean | string reading cluster state',
      })
      .describe('Reads cluster state through the read-only client; true = done.'),
  })
  .strict();

export const labSchema = z
  .object({
    id: id('lab').describe('Same as the folder name under labs/.'),
    title: z.string().min(1).describe('Shown at the top of the lab panel.'),
    start: z
      .object({
        seed: z.number().int().default(1).describe('Seed of the cluster random generator (names, uids).'),
        nodes: z
          .array(node)
          .optional()
          .describe("Nodes to create. Omitted: the engine's default nodes."),
        manifests: z
          .array(z.string())
          .default([])
          .describe('YAML applied (in order) before the learner starts, e.g. a broken Deployment to fix.'),
        stopped: z
          .array(z.string())
          .default([])
          .describe('Components stopped at the start: "scheduler" or "controller-manager" (their static pod manifests are moved to /etc/kubernetes/, as an administrator would), or a controller by name, e.g. "deployment-controller".'),
        settle: duration.default('30s').describe('Virtual time run after applying the manifests.'),
      })
      .strict()
      .default({})
      .describe('The cluster the learner starts from.'),
    files: z.array(file).default([]).describe('Files opened as editor tabs.'),
    tasks: z.array(task).min(1, 'a lab needs at least one task').describe('What to achieve; checked live.'),
    hints: z.array(z.string()).default([]).describe('Revealed one at a time, in order.'),
    solution: z
      .object({
        files: z.array(file).default([]).describe('Files applied (like pressing Apply in the editor) before the commands run.'),
        commands: z.array(z.string()).default([]).describe('Shell lines run in order, e.g. kubectl run web --image=nginx.'),
        wait: duration.default('2m').describe('Virtual time the runner lets pass after the solution before checking.'),
      })
      .strict()
      .describe('Shown beside the learner’s work on request; replayed by `kubelab check`.'),
  })
  .strict();

export type LabInput = z.input<typeof labSchema>;
export type Lab = z.output<typeof labSchema>;
export type LabFile = z.output<typeof file>;

/** Validate a lab definition. Throws an Error listing every problem with its path. */
export function defineLab(input: LabInput): Lab {
  const r = labSchema.safeParse(input);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(lab)'}: ${i.message}`);
  const name = typeof (input as { id?: unknown })?.id === 'string' ? ` "${(input as { id: string }).id}"` : '';
  throw new Error(`invalid lab${name}:\n${lines.join('\n')}`);
}

/** `30s`, `2m`, `1m30s`, `500ms` → milliseconds. */
export function parseDuration(s: string): number {
  let ms = 0;
  for (const m of s.matchAll(/(\d+)(ms|s|m|h)/g)) {
    const n = Number(m[1]);
    ms += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
  }
  return ms;
}
