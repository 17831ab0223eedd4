/// <reference lib="webworker" />
/**
 * The sandbox worker's host: owns one lesson's cluster, its shells and its lab, moves virtual
 * time on a real-time ticker, and tells the page what changed. Talks only through the
 * messages in ./protocol. The wall clock is used here (never in src/sim) to pace time.
 * ./sandbox.worker.ts (the entry) loads this module and hands over the first messages.
 */
import { engine } from './engine';
import { Session, labInfo } from './session';
import { loadLab } from '../labs/registry';
import type { Prefetch } from './prefetch';
import type { Lab } from '../labs/schema';
import type { ShellLike } from './cluster-like';
import { EARLY_PROMPT_ERASE, type FromWorker, type Speed, type ToWorker } from './protocol';
import { forget, isSaved, loadSaved, save, SAVE_VERSION } from './store';
import { loadSchema } from '../sim/api/schema';
import { loadHelp } from '../kubectl/help';
import { loadAjv } from '../sim/api/validation/ajv';

declare const self: DedicatedWorkerGlobalScope;
const post = (m: FromWorker) => self.postMessage(m);

const TICK_MS = 100;
let lesson = '';
let lab: Lab | undefined;
let labPrint = '';
let session: Session | undefined;
const shells = new Map<string, ShellLike>();
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let lastSpeed: Speed = '1';
/** the editor's files as the learner last left them */
const learnerFiles = new Map<string, string>();

const edits = new Map<number, (text: string | undefined) => void>();
let nextEdit = 1;

/** `kubectl edit` and `vi`: the page's editor opens the text; the shell waits for the answer. */
function edit(text: string, fileName: string): Promise<string | undefined> {
  const req = nextEdit++;
  return new Promise((resolve) => {
    edits.set(req, resolve);
    post({ type: 'edit', req, text, fileName });
  });
}

function openShell(term: string, early = false): void {
  if (!session) return;
  // The prompt the page showed while the engine loaded gives way to the shell's own.
  if (early) post({ type: 'output', term, data: EARLY_PROMPT_ERASE });
  const sh = session.terminalShell(edit);
  sh.onOutput((data) => post({ type: 'output', term, data }));
  shells.set(term, sh);
}

function refresh(force = false): void {
  if (!session) return;
  const c = session.cluster.clock;
  post({ type: 'clock', now: c.now(), iso: c.iso(), speed: session.speed });
  const act = session.newActivity();
  if (act.entries.length || act.reset) post({ type: 'activity', ...act });
  if (session.changed() || force) {
    post({ type: 'map', map: session.map() });
    post({ type: 'checks', tasks: session.checks() });
    post({ type: 'events', events: session.recentEvents() });
    scheduleSave();
  }
}

function scheduleSave(): void {
  if (saveTimer) return;
  saveTimer = setTimeout(() => {
    saveTimer = undefined;
    if (!session) return;
    void save({ v: SAVE_VERSION, lesson, lab: lab?.id, labPrint, speed: session.speed, cluster: session.serialize() });
  }, 1000);
}

async function startFresh(): Promise<Session> {
  session?.dispose();
  session = undefined;
  const s = Session.start(engine, lab);
  s.speed = lastSpeed;
  session = s;
  // A reset rebuilds the cluster, never the learner's files.
  for (const [name, content] of learnerFiles) s.writeFile(name, content);
  return s;
}

async function init(m: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  lesson = m.lesson;
  // The entry began reading the lab chunk and the saved sandbox while this module loaded.
  const early = prefetch?.lesson === m.lesson && prefetch.lab === m.lab ? prefetch : undefined;
  // Side by side: neither needs the other.
  const saved = early?.saved ?? loadSaved(lesson);
  lab = m.lab ? await (early?.labModule ?? loadLab(m.lab)) : undefined;
  // Every write, the boot's own included, is decoded against the schema (its own chunk here).
  await loadSchema();
  if (m.lab && !lab) post({ type: 'error', message: `This lesson names the lab "${m.lab}", which does not exist.` });
  labPrint = JSON.stringify(lab ? { id: lab.id, start: lab.start } : null);
  let restored = false;
  let notice: string | undefined;
  const raw = await saved;
  if (raw !== undefined) {
    const check = isSaved(raw, lesson, labPrint);
    if (check.ok) {
      try {
        session = Session.restore(engine, lab, check.value.cluster);
        session.speed = (['pause', '1', '10', 'max'] as const).find((s) => s === check.value.speed) ?? '1';
        lastSpeed = session.speed;
        restored = true;
      } catch (e) {
        notice = `Your saved sandbox could not be restored (${(e as Error).message}), so it starts fresh.`;
      }
    } else notice = `Your saved sandbox was reset because ${check.why}.`;
    if (!restored) await forget(lesson);
  }
  if (!session) await startFresh();
  performance.mark('kubelab:cluster-up');
  post({ type: 'ready', lab: lab ? labInfo(lab) : undefined, restored, notice });
  // The views' first data (map, activity of the whole boot, checks, events) is the biggest
  // message of all: it waits one task, so what the terminals queued is answered first.
  setTimeout(() => refresh(true), 0);
  // The decoder's fast path is for later bursts of writes: fetch it once the learner has a prompt.
  void loadAjv().catch(() => undefined);
  let last = performance.now();
  let carry = 0;
  setInterval(() => {
    const now = performance.now();
    // Whole milliseconds only: the engine's clock is integral (fractions break its BigInt keys).
    carry += Math.min(now - last, 1000); // a throttled background tab must not jump hours ahead
    last = now;
    const wall = Math.floor(carry);
    carry -= wall;
    if (!session || session.speed === 'pause') return refresh();
    try {
      session.tick(wall);
    } catch (e) {
      post({ type: 'error', message: `The cluster stopped: ${(e as Error).message}` });
      session.speed = 'pause';
    }
    refresh();
  }, TICK_MS);
  // Command lines may ask for --help: the texts (fetched since the worker started) must be in.
  await loadHelp();
}

let ready: Promise<void> = Promise.resolve();
let handling: Promise<void> = Promise.resolve();
let prefetch: Prefetch | undefined;

function receive(m: ToWorker): void {
  if (m.type === 'init') {
    ready = init(m).catch((err) => post({ type: 'error', message: `The sandbox could not start: ${(err as Error).message}` }));
    return;
  }
  // One at a time, in order: a shell opened by one message prints its prompt (a microtask)
  // before the next message types into it, even when both waited for the boot together.
  handling = handling
    .then(() => ready)
    .then(() => handle(m))
    .catch((err) => post({ type: 'error', message: `The sandbox failed on "${m.type}": ${(err as Error).message}` }));
}

/** Takes over from the entry: the messages it queued (in order), then every later one. */
export function attach(queued: readonly ToWorker[], early: Prefetch | undefined): void {
  performance.mark('kubelab:engine-loaded');
  prefetch = early;
  self.onmessage = (e: MessageEvent<ToWorker>) => receive(e.data);
  for (const m of queued) receive(m);
}

async function handle(m: ToWorker): Promise<void> {
  if (!session) return;
  switch (m.type) {
    case 'open-terminal':
      if (!shells.has(m.term)) openShell(m.term, m.early);
      break;
    case 'input':
      if (!shells.has(m.term)) openShell(m.term);
      shells.get(m.term)!.input(m.data);
      setTimeout(refresh, 0);
      break;
    case 'run':
      // Through the line editor, exactly as if typed, so the terminal shows it.
      if (!shells.has(m.term)) openShell(m.term);
      shells.get(m.term)!.input(m.line + '\r');
      setTimeout(refresh, 0);
      break;
    case 'resize':
      break;
    case 'edited':
      edits.get(m.req)?.(m.text);
      edits.delete(m.req);
      setTimeout(refresh, 0);
      break;
    case 'file':
      learnerFiles.set(m.name, m.content);
      session.writeFile(m.name, m.content);
      break;
    case 'apply': {
      const result = await session.apply(m.text);
      post({ type: 'applied', req: m.req, result });
      refresh();
      break;
    }
    case 'detail': {
      const d = await session.detail(m.kind, m.namespace, m.name);
      post({ type: 'detail', req: m.req, ...d });
      break;
    }
    case 'speed':
      session.speed = m.speed;
      lastSpeed = m.speed;
      refresh();
      scheduleSave();
      break;
    case 'step':
      session.step();
      lastSpeed = session.speed;
      refresh();
      break;
    case 'reset': {
      await forget(lesson);
      await startFresh();
      for (const term of [...shells.keys()]) {
        post({ type: 'output', term, data: '\r\n\x1b[2m[the lab was reset to its start]\x1b[0m\r\n' });
        openShell(term);
      }
      post({ type: 'activity', entries: [], reset: true });
      refresh(true);
      break;
    }
  }
}
