/**
 * <kl-map>: nodes as boxes holding their pods, pods labelled and coloured by status and
 * grouped by owner (Deployment → ReplicaSet → Pod), redrawn from the worker's snapshots.
 * Every object is a button opening its describe and YAML. A plain-text summary follows
 * the drawing for screen readers.
 */
import { connectFrom, type SandboxClient } from './client';
import type { MapPod, MapSnapshot } from '../../worker/protocol';
import { statusClass } from './status';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

const ownerText = (p: MapPod) => p.owners.slice().reverse().map((o) => `${o.kind} ${o.name}`).join(' › ');

export function describeMap(m: MapSnapshot): string {
  if (!m.nodes.length) return 'The cluster has no nodes.';
  const parts = m.nodes.map((n) => {
    const pods = m.pods.filter((p) => p.node === n.name);
    const list = pods.map((p) => `${p.name} ${p.status}${p.owners.length ? ` (owned by ${ownerText(p)})` : ''}`).join('; ');
    return `Node ${n.name}, ${n.status}: ${pods.length ? list : 'no pods'}.`;
  });
  const un = m.pods.filter((p) => !p.node);
  if (un.length) parts.push(`Not scheduled: ${un.map((p) => `${p.name} ${p.status}`).join('; ')}.`);
  return parts.join(' ');
}

class KlMap extends HTMLElement {
  private client!: SandboxClient;
  private last = '';
  private snapshot?: MapSnapshot;
  private opened?: { kind: string; namespace?: string; name: string };

  connectedCallback(): void {
    if (this.client) return;
    this.client = connectFrom(this);
    this.client.on('map', (m) => this.render(m.map));
    this.querySelector('.show-system')?.addEventListener('change', () => {
      this.last = '';
      if (this.snapshot) this.render(this.snapshot);
    });
    this.querySelector('.detail-close')!.addEventListener('click', () => this.closeDetail());
    for (const b of this.querySelectorAll<HTMLButtonElement>('.detail-tabs button')) {
      b.addEventListener('click', () => this.showTab(b.dataset.tab!));
    }
  }

  private objButton(kind: string, namespace: string | undefined, name: string, label: (Node | string)[], cls: string): HTMLButtonElement {
    const b = el('button', { type: 'button', className: `obj ${cls}` }, ...label);
    b.addEventListener('click', () => void this.openDetail(kind, namespace, name));
    return b;
  }

  private podItem(p: MapPod): HTMLLIElement {
    const owner = p.owners[0];
    return el(
      'li',
      {},
      this.objButton('pod', p.namespace, p.name, [
        el('span', { className: 'name' }, p.name),
        el('span', { className: 'pod-status' }, `${p.status} ${p.ready}`),
        ...(owner ? [el('span', { className: 'owner' }, ownerText(p))] : []),
      ], `pod ${statusClass(p.status)}`),
    );
  }

  render(all: MapSnapshot): void {
    this.snapshot = all;
    // kube-system is the cluster's own machinery: shown on request so the learner's pods stand out.
    const system = this.querySelector<HTMLInputElement>('.show-system')?.checked ?? true;
    const m: MapSnapshot = system
      ? all
      : { nodes: all.nodes, pods: all.pods.filter((p) => p.namespace !== 'kube-system'), owners: all.owners.filter((o) => o.namespace !== 'kube-system') };
    const key = JSON.stringify(m);
    if (key === this.last) return;
    this.last = key;
    const draw = this.querySelector<HTMLElement>('.map-draw')!;
    const byOwner = (a: MapPod, b: MapPod) => ownerText(a).localeCompare(ownerText(b)) || a.name.localeCompare(b.name);
    const nodes = m.nodes.map((n) =>
      el(
        'section',
        { className: 'node' },
        el(
          'h4',
          {},
          this.objButton('node', undefined, n.name, [el('span', { className: 'name' }, n.name)], 'node-name'),
          el('span', { className: `badge ${statusClass(n.status)}` }, n.status),
          n.roles && n.roles !== '<none>' ? el('span', { className: 'roles' }, n.roles) : '',
        ),
        el('ul', { className: 'pods' }, ...m.pods.filter((p) => p.node === n.name).sort(byOwner).map((p) => this.podItem(p))),
      ),
    );
    const unscheduled = m.pods.filter((p) => !p.node || !m.nodes.some((n) => n.name === p.node));
    if (unscheduled.length)
      nodes.push(el('section', { className: 'node unscheduled' }, el('h4', {}, 'Not scheduled yet'), el('ul', { className: 'pods' }, ...unscheduled.map((p) => this.podItem(p)))));
    const tops = m.owners.filter((o) => !o.owner || !m.owners.some((x) => x.kind === o.owner!.kind && x.name === o.owner!.name && x.namespace === o.namespace));
    const tree = (o: (typeof m.owners)[number]): HTMLLIElement =>
      el(
        'li',
        {},
        this.objButton(o.kind, o.namespace, o.name, [el('span', { className: 'kind' }, o.kind), ' ', el('span', { className: 'name' }, o.name), o.ready ? el('span', { className: 'ready' }, ` ${o.ready}`) : ''], 'owner-obj'),
        el(
          'ul',
          {},
          ...m.owners.filter((c) => c.owner?.kind === o.kind && c.owner.name === o.name && c.namespace === o.namespace).map(tree),
          ...m.pods
            .filter((p) => p.owners[0]?.kind === o.kind && p.owners[0]?.name === o.name && p.namespace === o.namespace)
            .map((p) => el('li', {}, this.objButton('pod', p.namespace, p.name, [el('span', { className: 'kind' }, 'Pod'), ' ', el('span', { className: 'name' }, p.name), ` ${p.status}`], `owner-obj ${statusClass(p.status)}`))),
        ),
      );
    if (!nodes.length) nodes.push(el('p', { className: 'empty' }, 'The cluster has no nodes yet.'));
    draw.replaceChildren(
      el('div', { className: 'nodes' }, ...nodes),
      ...(tops.length ? [el('h4', { className: 'owners-title' }, 'Owners'), el('ul', { className: 'owners' }, ...tops.map(tree))] : []),
    );
    this.querySelector('.map-text')!.textContent = describeMap(m);
    if (this.opened) void this.openDetail(this.opened.kind, this.opened.namespace, this.opened.name, false);
  }

  private showTab(tab: string): void {
    for (const b of this.querySelectorAll<HTMLButtonElement>('.detail-tabs button')) b.setAttribute('aria-pressed', String(b.dataset.tab === tab));
    for (const p of this.querySelectorAll<HTMLElement>('.detail pre')) p.hidden = p.dataset.tab !== tab;
  }

  private async openDetail(kind: string, namespace: string | undefined, name: string, focus = true): Promise<void> {
    this.opened = { kind, namespace, name };
    const d = await this.client.request({ type: 'detail', kind, namespace, name }, 'detail');
    const box = this.querySelector<HTMLElement>('.detail')!;
    box.hidden = false;
    box.querySelector('.detail-title')!.textContent = `${kind} ${name}`;
    box.querySelector<HTMLElement>('pre[data-tab="describe"]')!.textContent = d.describe || '(describe is not available in this shell yet)';
    box.querySelector<HTMLElement>('pre[data-tab="yaml"]')!.textContent = d.yaml;
    if (focus) {
      if (!box.querySelector('.detail-tabs [aria-pressed="true"]')) this.showTab('describe');
      box.querySelector<HTMLElement>('.detail-title')!.focus();
    }
  }

  private closeDetail(): void {
    this.opened = undefined;
    this.querySelector<HTMLElement>('.detail')!.hidden = true;
  }
}

if (!customElements.get('kl-map')) customElements.define('kl-map', KlMap);
