/**
 * `kubelab serve` seen from outside: discovery, OpenAPI, tables, watch streams over
 * HTTP, and the real kubectl (when it is installed) driving the simulated cluster.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import { kubeconfig, startServer, type RunningServer } from './server';

const KUBECTL = '/usr/bin/kubectl';
const hasKubectl = existsSync(KUBECTL);

let server: RunningServer;
let cluster: Cluster;
let config: string;

beforeAll(async () => {
  cluster = new Cluster({ seed: 1 });
  server = await startServer({ cluster, port: 0, speed: 'paused' });
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-serve-'));
  config = join(dir, 'kubeconfig');
  writeFileSync(config, kubeconfig(server.url));
});

afterAll(async () => {
  await server?.close();
});

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(KUBECTL, args, { env: { ...process.env, KUBECONFIG: config, HOME: tmpdir() } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function json(path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(server.url + path, init);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe('discovery and OpenAPI', () => {
  it('serves /version, /api, /apis and resource lists', async () => {
    expect((await json('/version')).body.gitVersion).toBe('v1.32.0');
    expect((await json('/api')).body.versions).toEqual(['v1']);
    const groups = (await json('/apis')).body.groups as { name: string }[];
    expect(groups.map((g) => g.name)).toContain('apps');
    const apps = (await json('/apis/apps/v1')).body.resources as { name: string; shortNames?: string[] }[];
    expect(apps.find((r) => r.name === 'deployments')?.shortNames).toEqual(['deploy']);
    expect(apps.map((r) => r.name)).toContain('deployments/scale');
  });

  it('serves /openapi/v2 as gnostic protobuf to kubectl, as JSON to others', async () => {
    const pb = await fetch(`${server.url}/openapi/v2`, { headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' } });
    expect(pb.headers.get('content-type')).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    const protobuf = (await import('protobufjs')).default;
    const generated = (await import('./proto/k8s.proto.json', { with: { type: 'json' } })).default;
    const Document = protobuf.Root.fromJSON(generated.openapiV2 as protobuf.INamespace).lookupType('openapi.v2.Document');
    const doc = Document.toObject(Document.decode(new Uint8Array(await pb.arrayBuffer()))) as {
      swagger: string;
      definitions: { additionalProperties: { name: string; value: { vendorExtension?: { name: string; value: { yaml: string } }[]; properties?: unknown } }[] };
    };
    expect(doc.swagger).toBe('2.0');
    const deployment = doc.definitions.additionalProperties.find((d) => d.name === 'Deployment')!;
    expect(deployment.value.vendorExtension?.find((e) => e.name === 'x-kubernetes-group-version-kind')?.value.yaml).toContain('kind: Deployment');
    expect((await json('/openapi/v2')).body.swagger).toBe('2.0');
  });

  it('serves aggregated discovery to clients that ask for it', async () => {
    const r = await fetch(`${server.url}/apis`, { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
    expect(r.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const doc = (await r.json()) as { kind: string; items: { metadata: { name: string }; versions: { version: string; resources: { resource: string; scope: string; subresources?: { subresource: string }[] }[] }[] }[] };
    expect(doc.kind).toBe('APIGroupDiscoveryList');
    const apps = doc.items.find((i) => i.metadata.name === 'apps')!;
    const deploy = apps.versions[0].resources.find((x) => x.resource === 'deployments')!;
    expect(deploy.scope).toBe('Namespaced');
    expect(deploy.subresources?.map((x) => x.subresource)).toEqual(['status', 'scale']);
  });

  it('serves an OpenAPI v3 document per group version, with fieldValidation on PATCH', async () => {
    const root = (await json('/openapi/v3')).body.paths as Record<string, { serverRelativeURL: string }>;
    const url = root['apis/apps/v1'].serverRelativeURL;
    const doc = (await json(url)).body as { paths: Record<string, { patch?: { parameters: { name: string }[] } }>; components: { schemas: Record<string, unknown> } };
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch!;
    expect(patch.parameters.map((p) => p.name)).toContain('fieldValidation');
    expect(doc.components.schemas.Deployment).toBeDefined();
  });

  it('answers unknown paths with a 404 Status', async () => {
    const r = await json('/apis/nope.example.com/v1/things');
    expect(r.status).toBe(404);
    expect(r.body.kind).toBe('Status');
  });
});

describe('resources over HTTP', () => {
  it('creates from JSON and lists it back', async () => {
    const created = await json('/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'http' }, data: { a: '1' } }),
    });
    expect(created.status).toBe(201);
    const list = await json('/api/v1/namespaces/default/configmaps');
    expect((list.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name)).toContain('http');
  });

  it('returns a server-side Table when asked', async () => {
    const r = await json('/api/v1/namespaces', { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } });
    expect(r.body.kind).toBe('Table');
    const rows = r.body.rows as { cells: unknown[]; object: { kind: string } }[];
    expect(rows.map((x) => x.cells[0])).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(rows[0].object.kind).toBe('PartialObjectMetadata');
  });

  it('streams watch events as JSON lines', async () => {
    const ctrl = new AbortController();
    const r = await fetch(`${server.url}/api/v1/namespaces/default/secrets?watch=1`, { signal: ctrl.signal });
    const reader = r.body!.getReader();
    cluster.request({ verb: 'create', resource: 'secrets', namespace: 'default', body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'watched' } } });
    let text = '';
    while (!text.includes('\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    ctrl.abort();
    const ev = JSON.parse(text.split('\n')[0]) as { type: string; object: { metadata: { name: string } } };
    expect(ev.type).toBe('ADDED');
    expect(ev.object.metadata.name).toBe('watched');
  });

  it('sends BOOKMARK events with the current resourceVersion to watches that allow them', async () => {
    const c = new Cluster({ seed: 2 });
    const s = await startServer({ cluster: c, port: 0, speed: 'paused', bookmarkMs: 20 });
    try {
      const lines = async (query: string, count: number) => {
        const ctrl = new AbortController();
        const r = await fetch(`${s.url}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${c.api.store.revision}${query}`, { signal: ctrl.signal });
        const reader = r.body!.getReader();
        let text = '';
        const deadline = setTimeout(() => ctrl.abort(), 300);
        try {
          while (text.split('\n').length <= count) {
            const { value, done } = await reader.read();
            if (done) break;
            text += new TextDecoder().decode(value);
          }
        } catch {
          // aborted: no more lines came
        }
        clearTimeout(deadline);
        ctrl.abort();
        return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; object: { kind: string; metadata: { resourceVersion: string } } });
      };
      c.request({ verb: 'create', resource: 'configmaps', namespace: 'default', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } });
      const marks = await lines('&allowWatchBookmarks=true', 2);
      expect(marks.map((e) => e.type)).toEqual(['BOOKMARK', 'BOOKMARK']);
      expect(marks[0].object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: String(c.api.store.revision) } });
      expect(await lines('', 1)).toEqual([]); // not asked for: none sent
    } finally {
      await s.close();
    }
  });
});

describe('bad requests', () => {
  const post = (body: string, type = 'application/json') =>
    fetch(`${server.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'Content-Type': type }, body });

  it('answers malformed JSON with 400', async () => {
    const r = await post('{"apiVersion": "v1", kind');
    expect(r.status).toBe(400);
    const s = (await r.json()) as { reason: string; message: string };
    expect(s.reason).toBe('BadRequest');
    expect(s.message).toMatch(/^couldn't get version\/kind; json parse error: /);
  });

  it('answers a content type it cannot read with 415', async () => {
    expect((await post('x', 'text/plain')).status).toBe(415);
    const r = await fetch(`${server.url}/api/v1/namespaces/default/configmaps/x`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(415);
  });

  it('answers a protobuf body it cannot decode with 400 and decodes the ones kubectl sends', async () => {
    const bad = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' }, body: 'not protobuf' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/"k8s\\x00" prefix is missing/);
    const pb = readFileSync(join(__dirname, 'proto', 'testdata', 'create-secret.pb'));
    const ok = await fetch(`${server.url}/api/v1/namespaces/default/secrets`, { method: 'POST', headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' }, body: pb });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { data: Record<string, string> }).data).toEqual({ empty: '', password: 'aHVudGVyMg==' });
  });

  it('answers a body over 3 MiB with 413 and keeps serving', async () => {
    const r = await post(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024) } }));
    expect(r.status).toBe(413);
    expect(((await r.json()) as { message: string }).message).toBe('Request entity too large: limit is 3145728');
    expect((await fetch(`${server.url}/version`)).status).toBe(200);
  });

  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe.skipIf(!hasKubectl)('the real kubectl against kubelab serve', () => {
  it('lists namespaces with its own table layout', async () => {
    const r = await kubectl('get', 'namespaces');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      ['NAME              STATUS   AGE', 'default           Active   0s', 'kube-node-lease   Active   0s', 'kube-public       Active   0s', 'kube-system       Active   0s', ''].join('\n'),
    );
  });

  it('applies a manifest, then reports it unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-apply-'));
    const file = join(dir, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: "1"\n');
    expect((await kubectl('apply', '-f', file)).stdout).toBe('configmap/applied created\n');
    expect((await kubectl('apply', '-f', file)).stdout).toBe('configmap/applied unchanged\n');
    const got = await kubectl('get', 'configmap', 'applied', '-o', 'jsonpath={.data.a}');
    expect(got.stdout).toBe('1');
  });

  it('prints the server errors as kubectl does', async () => {
    const r = await kubectl('get', 'pod', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('explains fields from the served OpenAPI', async () => {
    const r = await kubectl('explain', 'deployment.spec.replicas');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('FIELD: replicas <integer>');
  });
});
