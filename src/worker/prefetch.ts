/**
 * What the worker entry starts reading before the engine module has loaded: the lesson's
 * lab chunk and its saved sandbox. Both are small and independent of the engine, so their
 * network and IndexedDB waits overlap the engine bundle's download and compile.
 */
import { loadLab } from '../labs/registry';
import type { Lab } from '../labs/schema';
import { loadSaved } from './store';

export interface Prefetch {
  lesson: string;
  lab: string | undefined;
  labModule: Promise<Lab | undefined>;
  saved: Promise<unknown>;
}

export function prefetch(lesson: string, lab: string | undefined): Prefetch {
  const labModule = lab ? loadLab(lab) : Promise.resolve(undefined);
  // A failed lab import surfaces where it is awaited (host init), not as an unhandled rejection here.
  labModule.catch(() => undefined);
  return { lesson, lab, labModule, saved: loadSaved(lesson) };
}
