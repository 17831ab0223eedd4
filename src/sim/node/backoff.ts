/**
 * The kubelet's restart and image-pull back-off (k8s.io/client-go/util/flowcontrol
 * Backoff as the kubelet configures it): 10 s initial, doubling, capped at 5 min, and
 * forgotten once the container has run for 10 min (twice the cap) since the last restart.
 * Durations are printed as Go's time.Duration prints them (`1m20s`, `5m0s`).
 */

export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

export interface BackoffEntry {
  /** current delay, ms */
  delay: number;
  /** virtual ms of the last Next() */
  lastUpdate: number;
}

/** Whether `eventTime` is inside the back-off window of `e` (IsInBackOffSince). */
export function inBackoff(e: BackoffEntry | undefined, eventTime: number, now: number): boolean {
  if (!e) return false;
  if (eventTime - e.lastUpdate > 2 * BACKOFF_MAX_MS) return false;
  return now - eventTime < e.delay;
}

/** Moves the back-off along after a restart (Next): initial when new or expired, else doubled. */
export function nextBackoff(e: BackoffEntry | undefined, eventTime: number, now: number): BackoffEntry {
  if (!e || eventTime - e.lastUpdate > 2 * BACKOFF_MAX_MS) return { delay: BACKOFF_INITIAL_MS, lastUpdate: now };
  return { delay: Math.min(e.delay * 2, BACKOFF_MAX_MS), lastUpdate: now };
}

/** Go's time.Duration.String(): 10s, 1m20s, 5m0s, 1.5s, 500ms, 0s. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalS = ms / 1000;
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS - h * 3600) / 60);
  const s = +(totalS - h * 3600 - m * 60).toFixed(9);
  const sec = `${Number.isInteger(s) ? s : String(s)}s`;
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  return sec;
}

/** Pull durations as the kubelet prints them: `2.345s`, `512ms`. */
export function pullDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(3).replace(/0+$/, '').replace(/\.$/, '')}s`;
}
