/**
 * The message protocol between a lesson page and its sandbox worker. The page never
 * touches the engine: it sends `ToWorker` messages and renders the `FromWorker` ones.
 * Every view on the page (terminals, editor, map, activity, time, lab panel) shares the
 * one worker of its lesson; messages that concern one view carry that view's id.
 */

export type Speed = 'pause' | '1' | '10' | 'max';

/**
 * What the worker sends a terminal that opened with an early prompt, before its shell's
 * first output: back to the cursor saved where that prompt began (DECRC), erase below.
 */
export const EARLY_PROMPT_ERASE = '\x1b8\x1b[J';

/** One object drawn on the cluster map. */
export interface MapPod {
  namespace: string;
  name: string;
  node?: string;
  /** kubectl's STATUS column: Running, Pending, ContainerCreating, CrashLoopBackOff, Terminating… */
  status: string;
  /** kubectl's READY column, e.g. 1/1 */
  ready: string;
  restarts: string;
  /** owner chain from the pod up, e.g. [{kind:'ReplicaSet',name:'web-7d9f'},{kind:'Deployment',name:'web'}] */
  owners: { kind: string; name: string }[];
}
export interface MapNode {
  name: string;
  /** kubectl's STATUS column for nodes: Ready, NotReady, Ready,SchedulingDisabled */
  status: string;
  roles: string;
}
export interface MapOwner {
  namespace: string;
  kind: string;
  name: string;
  /** e.g. "2/3" ready/desired for workloads */
  ready?: string;
  owner?: { kind: string; name: string };
}
export interface MapSnapshot {
  nodes: MapNode[];
  pods: MapPod[];
  owners: MapOwner[];
}

/** A controller's reconcile, as the engine records it (observe → analyze → act). */
export interface ActivityEntry {
  /** increasing sequence number of the reconcile */
  seq: number;
  time: number;
  controller: string;
  /** namespace/name of the object reconciled */
  key: string;
  observed: string[];
  decided: string[];
  did: string[];
  error?: string;
}
/** A core/v1 Event, flattened for the feed. */
export interface EventEntry {
  time: number;
  type: 'Normal' | 'Warning';
  reason: string;
  object: string;
  message: string;
  count: number;
  source: string;
}

export interface TaskStatus {
  id: string;
  title: string;
  passed: boolean;
  /** why not yet, when the check said so */
  detail?: string;
}

export interface LabInfo {
  id: string;
  title: string;
  tasks: { id: string; title: string }[];
  hints: string[];
  files: { name: string; content: string }[];
  solution: { commands: string[]; files: { name: string; content: string }[] };
}

/** A server or YAML error placed on a line of the applied text (1-based lines and columns). */
export interface ApplyMarker {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}
export interface ApplyResult {
  ok: boolean;
  /** what `kubectl apply -f -` prints, one line per object or error */
  output: string;
  markers: ApplyMarker[];
}

export type ToWorker =
  | { type: 'init'; lesson: string; lab?: string }
  | { type: 'input'; term: string; data: string }
  | { type: 'run'; term: string; line: string }
  | { type: 'resize'; term: string; cols: number; rows: number }
  /** `early`: the page already shows an early prompt (src/components/sandbox/early-prompt.ts) */
  | { type: 'open-terminal'; term: string; early?: boolean }
  | { type: 'apply'; req: number; text: string; file: string }
  /** the editor's text of a file, so `kubectl apply -f NAME` in a terminal reads what the learner sees */
  | { type: 'file'; name: string; content: string }
  | { type: 'detail'; req: number; kind: string; namespace?: string; name: string }
  /** the answer to an `edit`: the saved text, or no text when the learner cancelled */
  | { type: 'edited'; req: number; text?: string }
  | { type: 'speed'; speed: Speed }
  | { type: 'step' }
  | { type: 'reset' };

export type FromWorker =
  | { type: 'ready'; lab?: LabInfo; restored: boolean; notice?: string }
  | { type: 'output'; term: string; data: string }
  | { type: 'clock'; now: number; iso: string; speed: Speed }
  | { type: 'map'; map: MapSnapshot }
  | { type: 'activity'; entries: ActivityEntry[]; reset?: boolean }
  | { type: 'events'; events: EventEntry[] }
  | { type: 'checks'; tasks: TaskStatus[] }
  | { type: 'applied'; req: number; result: ApplyResult }
  | { type: 'detail'; req: number; yaml: string; describe: string }
  /** `kubectl edit` or `vi` in a terminal wants the learner to edit this text */
  | { type: 'edit'; req: number; text: string; fileName: string }
  | { type: 'error'; message: string };
