/**
 * Saved sandboxes in IndexedDB, one record per lesson, versioned. The worker saves the
 * cluster snapshot after changes and restores it on load; anything unreadable is deleted.
 */
export const SAVE_VERSION = 1;

export interface SavedSandbox {
  v: typeof SAVE_VERSION;
  lesson: string;
  lab?: string;
  /** fingerprint of the lab's start state: a changed lab invalidates old saves */
  labPrint: string;
  speed: string;
  cluster: unknown;
}

export function isSaved(x: unknown, lesson: string, labPrint: string): { ok: true; value: SavedSandbox } | { ok: false; why: string } {
  if (!x || typeof x !== 'object') return { ok: false, why: 'the saved data is unreadable' };
  const s = x as SavedSandbox;
  if (s.v !== SAVE_VERSION) return { ok: false, why: 'it was saved by an older version of the site' };
  if (s.lesson !== lesson) return { ok: false, why: 'it belongs to another lesson' };
  if (s.labPrint !== labPrint) return { ok: false, why: 'the lab has changed since' };
  if (!s.cluster || typeof s.cluster !== 'object') return { ok: false, why: 'the saved cluster is missing' };
  return { ok: true, value: s };
}

const DB = 'kubelab';
const STORE = 'sandboxes';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = f(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

export async function loadSaved(lesson: string): Promise<unknown> {
  try {
    return await tx('readonly', (s) => s.get(lesson));
  } catch {
    return undefined;
  }
}

export async function save(value: SavedSandbox): Promise<void> {
  try {
    await tx('readwrite', (s) => s.put(value, value.lesson));
  } catch {
    /* no IndexedDB (private mode): the sandbox just is not kept */
  }
}

export async function forget(lesson: string): Promise<void> {
  try {
    await tx('readwrite', (s) => s.delete(lesson));
  } catch {
    /* nothing to forget */
  }
}
