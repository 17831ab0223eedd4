/// <reference lib="webworker" />
/**
 * The sandbox worker's entry, kept tiny on purpose: it runs as soon as the worker starts,
 * queues the page's messages, and on `init` begins loading the lab and the saved sandbox
 * (./prefetch) while the engine bundle (./host) is still downloading and compiling.
 * Then ./host takes over, replaying the queued messages in order.
 */
import type { FromWorker, ToWorker } from './protocol';
import { prefetch, type Prefetch } from './prefetch';

declare const self: DedicatedWorkerGlobalScope;

const queued: ToWorker[] = [];
let early: Prefetch | undefined;

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'init' && !early) early = prefetch(m.lesson, m.lab);
  queued.push(m);
};

import('./host').then(
  (host) => host.attach(queued, early),
  (err: Error) => self.postMessage({ type: 'error', message: `The sandbox could not start: ${err.message}` } satisfies FromWorker),
);
