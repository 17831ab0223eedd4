/**
 * A controller's retry after the API refused its creates (a ResourceQuota, a LimitRange):
 * the key is requeued with an exponential back-off, as the work queue's failure rate
 * limiter does for a sync that returned an error (the job controller's 1 s doubling to
 * 60 s; the same steps serve the DaemonSet and StatefulSet controllers here).
 */
export class CreateBackoff {
  private failures = new Map<string, number>();
  constructor(
    private readonly baseMs = 1000,
    private readonly maxMs = 60_000,
  ) {}

  /** After a sync of `uid`: how long to wait before trying again, or undefined if nothing failed. */
  after(uid: string, failed: boolean): number | undefined {
    if (!failed) {
      this.failures.delete(uid);
      return undefined;
    }
    const n = (this.failures.get(uid) ?? 0) + 1;
    this.failures.set(uid, n);
    return Math.min(this.baseMs * 2 ** (n - 1), this.maxMs);
  }
}
