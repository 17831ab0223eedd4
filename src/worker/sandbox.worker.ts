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

const queued: ToWorker[] = [];
let early: Prefetch | undefined;
// Fetched beside the engine; the host awaits them (a failure surfaces there). The lab
// schema's chunk (zod) is a static import of ./host and of every lab chunk: asked for now,
// it does not wait for either of them to be parsed first.
for (const p of [loadSchema(), loadHelp(), import('../labs/schema')]) p.catch(() => undefined);

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'init' && !early) early = prefetch(m.lesson, m.lab);
  queued.push(m);
};

import('./host').then(
  (host) => host.attach(queued, early),
  (err: Error) => self.postMessage({ type: 'error', message: `The sandbox could not start: ${err.message}` } satisfies FromWorker),
);
