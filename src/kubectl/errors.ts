/**
 * How kubectl prints failures (kubectl pkg/cmd/util/helpers.go: checkErr,
 * StandardErrorMessage, MultilineError, AddSourceToErr): `Error from server (Reason): msg`,
 * `The Kind "name" is invalid: ...`, and `error: ...` for client-side errors.
 */
import type { Status } from '../sim/api/types';

export function isStatus(x: unknown): x is Status {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'Status';
}

/** The text (with trailing newline) kubectl prints on stderr for a Status error. */
export function formatStatus(st: Status, source?: { verb: string; file: string }): string {
  if (st.reason === 'Invalid') {
    const d = st.details;
    if (!d) return `The request is invalid${st.message ? `: ${st.message}` : ''}\n`;
    const head = `The ${d.kind ?? ''} "${d.name ?? ''}" is invalid`;
    const causes = d.causes ?? [];
    if (causes.length === 0) return head + '\n';
    const errs = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : String(c.message)));
    if (errs.length === 1) return `${head}: ${errs[0]}\n`;
    return `${head}: \n${errs.map((e) => `* ${e}\n`).join('')}`;
  }
  let msg = st.message ?? '';
  if (source) msg = `error when ${source.verb} "${source.file}": ${msg}`;
  if (st.reason === 'Unauthorized') return `error: You must be logged in to the server (${msg})\n`;
  if (st.reason && st.reason !== 'Unknown') return `Error from server (${st.reason}): ${msg}\n`;
  return `Error from server: ${msg}\n`;
}

/** `error: <msg>` unless the message already carries the prefix. */
export function formatError(msg: string): string {
  const m = msg.startsWith('error: ') ? msg : `error: ${msg}`;
  return m.endsWith('\n') ? m : m + '\n';
}
