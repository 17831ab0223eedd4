import { describe, expect, it } from 'vitest';
import { bootCluster } from '../boot';
import type { KObject } from '../api/types';

describe('fixing the image of a pod in ImagePullBackOff', () => {
  it('pulls the new image at once instead of waiting out the old back-off', () => {
    const c = bootCluster({ seed: 1 });
    c.request({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'shop' }, spec: { containers: [{ name: 'shop', image: 'nginx:1.72' }] } } });
    c.clock.advance(45_000);
    const status = () => ((c.request({ verb: 'get', resource: 'pods', namespace: 'default', name: 'shop' }).body as KObject).status as { containerStatuses?: { state: Record<string, { reason?: string }> }[] }).containerStatuses?.[0]?.state;
    expect(status()?.waiting?.reason).toBe('ImagePullBackOff');
    c.request({ verb: 'patch', resource: 'pods', namespace: 'default', name: 'shop', patchType: 'strategic', body: { spec: { containers: [{ name: 'shop', image: 'nginx:1.27' }] } } });
    c.clock.advance(5_000);
    expect(status()?.running).toBeDefined();
  });
});
