/** <kl-time>: pause, step one event, 1×, 10×, fastest; shows the cluster's virtual clock. */
import { connectFrom } from './client';
import type { Speed } from '../../worker/protocol';
import { elapsed, hms } from './clock-format';

class KlTime extends HTMLElement {
  private started = false;
  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const client = connectFrom(this);
    let origin: number | undefined;
    const out = this.querySelector<HTMLElement>('.clock')!;
    client.on('clock', (m) => {
      origin ??= Date.parse('2025-01-01T00:00:00Z') <= m.now ? Date.parse('2025-01-01T00:00:00Z') : m.now;
      out.textContent = `${hms(m.now)} (+${elapsed(m.now - origin)})`;
      out.dataset.now = String(m.now);
      for (const b of this.querySelectorAll<HTMLButtonElement>('[data-speed]')) b.setAttribute('aria-pressed', String(b.dataset.speed === m.speed));
    });
    for (const b of this.querySelectorAll<HTMLButtonElement>('[data-speed]'))
      b.addEventListener('click', () => client.post({ type: 'speed', speed: b.dataset.speed as Speed }));
    this.querySelector('.step')!.addEventListener('click', () => client.post({ type: 'step' }));
  }
}

if (!customElements.get('kl-time')) customElements.define('kl-time', KlTime);
