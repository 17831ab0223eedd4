/** Colour class for a kubectl STATUS string, so the map and the lab panel agree. */
export function statusClass(status: string): 'status-ok' | 'status-pending' | 'status-warn' | 'status-bad' {
  if (/^(Running|Succeeded|Completed|Ready)$/.test(status)) return 'status-ok';
  if (/Terminating|SchedulingDisabled|Unknown/.test(status)) return 'status-warn';
  if (/Pending|ContainerCreating|PodInitializing|Init:\d|^$/.test(status)) return 'status-pending';
  return 'status-bad'; // CrashLoopBackOff, ImagePullBackOff, ErrImagePull, Error, OOMKilled, NotReady…
}
