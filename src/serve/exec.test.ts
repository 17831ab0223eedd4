/**
 * `kubectl exec` over WebSocket (the v5.channel.k8s.io protocol): one command with its
 * output and exit status, and an interactive `-it … sh` session typed key by key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { bootCluster } from '../sim/boot';
import type { Cluster } from '../sim/cluster';
import { startServer, type RunningServer } from './server';

let cluster: Cluster;
let server: RunningServer;

beforeAll(async () => {
  cluster = bootCluster({ seed: 2 });
  cluster.request({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } });
  cluster.clock.advance(30_000);
  server = await startServer({ cluster, port: 0, speed: 'paused' });
});
afterAll(async () => {
  await server.close();
});

interface Session {
  frames: { ch: number; text: string }[];
  send(ch: number, text: string): void;
  closed: Promise<void>;
}

function open(query: string): Promise<Session> {
  const url = `${server.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/web/exec?${query}`;
  const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
  const frames: Session['frames'] = [];
  ws.on('message', (d: Buffer) => frames.push({ ch: d[0], text: d.subarray(1).toString('utf8') }));
  const closed = new Promise<void>((r) => ws.on('close', () => r()));
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => resolve({ frames, send: (ch, text) => ws.send(Buffer.concat([Buffer.from([ch]), Buffer.from(text)])), closed }));
  });
}

const channel = (s: Session, ch: number) => s.frames.filter((f) => f.ch === ch).map((f) => f.text).join('');

describe('exec over WebSocket', () => {
  it('runs one command and reports its exit status', async () => {
    const ok = await open('command=hostname&stdout=true&stderr=true');
    await ok.closed;
    expect(channel(ok, 1)).toBe('web\n');
    expect(JSON.parse(channel(ok, 3))).toEqual({ metadata: {}, status: 'Success' });
    const bad = await open('command=sh&command=-c&command=exit%203&stdout=true&stderr=true');
    await bad.closed;
    const status = JSON.parse(channel(bad, 3)) as { reason: string; details: { causes: { message: string }[] } };
    expect(status.reason).toBe('NonZeroExitCode');
    expect(status.details.causes[0].message).toBe('3');
  });

  it('gives -it … sh a terminal: echo, one command per line, exit', async () => {
    const s = await open('command=sh&stdin=true&stdout=true&tty=true');
    for (const key of 'hostnamex\x7f\r') s.send(0, key);
    s.send(0, 'exit\r');
    await s.closed;
    expect(channel(s, 1)).toBe('# hostnamex\b \b\r\nweb\r\n# exit\r\n');
    expect(JSON.parse(channel(s, 3))).toEqual({ metadata: {}, status: 'Success' });
  });
});
