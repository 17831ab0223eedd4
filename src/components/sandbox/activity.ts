/**
 * <kl-activity>: what the cluster is doing — each controller reconcile (observed →
 * decided → did) and each Event — as one feed, filterable by text and by kind of entry.
 */
import { connectFrom } from './client';
import type { ActivityEntry, EventEntry } from '../../worker/protocol';
import { hms } from './clock-format';

type Row = { time: number; kind: 'reconcile' | 'event'; warning: boolean; text: string; who: string; what: string };

function fromReconcile(a: ActivityEntry): Row {
  const text = [
    a.observed.length ? `saw ${a.observed.join(', ')}` : '',
    a.decided.length ? `decided ${a.decided.join(', ')}` : '',
    a.did.length ? `did ${a.did.join(', ')}` : 'did nothing',
    a.error ? `error: ${a.error}` : '',
  ]
    .filter(Boolean)
    .join(' → ');
  return { time: a.time, kind: 'reconcile', warning: !!a.error, who: a.controller, what: a.key, text };
}
function fromEvent(e: EventEntry): Row {
  return { time: e.time, kind: 'event', warning: e.type === 'Warning', who: e.reason, what: e.object, text: `${e.message}${e.count > 1 ? ` (×${e.count})` : ''}` };
}

class KlActivity extends HTMLElement {
  private reconciles: Row[] = [];
  private events: Row[] = [];
  private started = false;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const client = connectFrom(this);
    client.on('activity', (m) => {
      const rows = m.entries.map(fromReconcile);
      this.reconciles = (m.reset ? rows : this.reconciles.concat(rows)).slice(-500);
      this.render();
    });
    client.on('events', (m) => {
      this.events = m.events.map(fromEvent);
      this.render();
    });
    for (const i of this.querySelectorAll('input')) i.addEventListener('input', () => this.render());
  }

  private render(): void {
    const q = this.querySelector<HTMLInputElement>('.filter-text')!.value.trim().toLowerCase();
    const showRec = this.querySelector<HTMLInputElement>('.show-reconciles')!.checked;
    const showEv = this.querySelector<HTMLInputElement>('.show-events')!.checked;
    const warnOnly = this.querySelector<HTMLInputElement>('.warnings-only')!.checked;
    const rows = [...(showRec ? this.reconciles : []), ...(showEv ? this.events : [])]
      .filter((r) => (!warnOnly || r.warning) && (!q || `${r.who} ${r.what} ${r.text}`.toLowerCase().includes(q)))
      .sort((a, b) => b.time - a.time)
      .slice(0, 200);
    const list = this.querySelector<HTMLElement>('.feed')!;
    list.replaceChildren(
      ...rows.map((r) => {
        const li = document.createElement('li');
        li.className = `${r.kind}${r.warning ? ' warning' : ''}`;
        const t = document.createElement('time');
        t.textContent = hms(r.time);
        const who = document.createElement('strong');
        who.textContent = r.kind === 'event' ? `${r.warning ? 'Warning ' : ''}${r.who}` : r.who;
        const what = document.createElement('code');
        what.textContent = r.what;
        const text = document.createElement('span');
        text.textContent = r.text;
        li.append(t, ' ', who, ' ', what, ' ', text);
        return li;
      }),
    );
    const empty = this.querySelector<HTMLElement>('.empty')!;
    empty.hidden = rows.length > 0;
  }
}

if (!customElements.get('kl-activity')) customElements.define('kl-activity', KlActivity);
