/// <reference lib="webworker" />
/**
 * The sandbox worker's entry, kept tiny on purpose: it runs as soon as the worker starts,
 * queues the page's messages, and begins everything that does not need the engine while
 * the engine bundle (./host) is still downloading and compiling: the lab chunk and the
 * saved sandbox (./prefetch, on `init`) and the schema and help-text chunks. Then ./host
 * takes over, replaying the queued messages in order.
 */
import type { FromWorker, ToWorker } from './protocol';
import { prefetch, type Prefetch } from './prefetch';
import { loadSchema } from '../sim/api/schema';
import { loadHelp } from '../kubectl/help';

declare const self: DedicatedWorkerGlobalScope;
// Marks named kubelab:… show where a page load's time goes (bench/page.ts reads them back).
performance.mark('kubelab:worker-start');

// The engine first: it is the largest download and everything waits for it.
const hostModule = import('./host');
const queued: ToWorker[] = [];
let early: Prefetch | undefined;
// Fetched beside the engine; the host awaits them (a failure surfaces there). The lab
// schema's chunk (zod) is a static import of ./host and of every lab chunk: asked for now,
// it does not wait for either of them to be parsed first.
for (const p of [loadSchema(), loadHelp(), import('../labs/schema')]) p.catch(() => undefined);

/** The lesson and lab EarlyWorker.astro put in the worker's name, if it did. */
function named(): { lesson: string; lab?: string } | undefined {
  try {
    const n = JSON.parse(self.name) as { lesson?: unknown; lab?: unknown };
    if (typeof n.lesson === 'string' && (n.lab === undefined || typeof n.lab === 'string')) return { lesson: n.lesson, lab: n.lab };
  } catch {
    /* a worker started by the client has no name */
  }
  return undefined;
}
const fromName = named();
if (fromName) early = prefetch(fromName.lesson, fromName.lab);

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'init' && !early) early = prefetch(m.lesson, m.lab);
  queued.push(m);
};

hostModule.then(
  (host) => host.attach(queued, early),
  (err: Error) => self.postMessage({ type: 'error', message: `The sandbox could not start: ${err.message}` } satisfies FromWorker),
);
