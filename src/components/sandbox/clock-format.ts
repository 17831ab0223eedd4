/** Virtual times for the views: wall-clock-looking HH:MM:SS and elapsed `+1m05s`. */
export function hms(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}
