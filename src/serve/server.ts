/**
 * `kubelab serve`: the simulated cluster on a real HTTP port (127.0.0.1 only), so the
 * real kubectl, client libraries and curl can drive it as they drive a real cluster.
 * Plain HTTP on loopback; no authentication.
 *
 * This is a thin layer: discovery, OpenAPI, tables, watch streams, logs and exec are
 * translated onto the engine's request interface. Virtual time moves at the chosen
 * speed on a real-time ticker (the only wall-clock use, outside the engine).
 */
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import YAML from 'yaml';
import type { Cluster } from '../sim/cluster';
import { TimeDriver, type Speed } from '../sim/driver';
import { aggregatedDiscovery, AGGREGATED_DISCOVERY_TYPE, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION } from '../sim/api/discovery';
import { openapiV2, openapiV3, openapiV3Root } from '../sim/api/openapi';
import { apiVersionOf } from '../sim/api/registry';
import { toTable } from '../sim/api/tables';
import type { ApiResponse, KObject, Status, WatchEvent } from '../sim/api/types';
import { parseRoute, patchTypeOf, type Route } from '../sim/api/routes';
import { decodeProtobuf, PROTOBUF_TYPE } from './proto/decode';
import { OPENAPI_V2_PROTOBUF, openapiV2Protobuf } from './proto/openapi-v2';

export interface ServeOptions {
  cluster: Cluster;
  port?: number;
  host?: string;
  speed?: Speed;
  /** real milliseconds between time ticks */
  tickMs?: number;
  /** real milliseconds between BOOKMARK events on watches that allow them (kube-apiserver: about a minute) */
  bookmarkMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  driver: TimeDriver;
  /** cuts every open connection (watches included), as a network blip would */
  dropConnections(): void;
  /** ends every open watch stream normally, as the API server does when a watch times out */
  endWatches(): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json';

function status(code: number, reason: string, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function send(res: http.ServerResponse, code: number, body: unknown, type = JSON_TYPE): void {
  const text = typeof body === 'string' && !type.startsWith(JSON_TYPE) ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': type, 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

/** kube-apiserver's limit on a request body (3 MiB) */
const MAX_BODY = 3 * 1024 * 1024;
const BODY_TYPES = ['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', PROTOBUF_TYPE];

/** The body as text, or undefined when it is larger than `limit` bytes. */
async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseBody(bytes: Buffer, contentType: string | undefined): unknown | Status {
  if (contentType === PROTOBUF_TYPE && bytes.length) {
    const decoded = decodeProtobuf(bytes);
    return 'error' in decoded ? status(400, 'BadRequest', decoded.error) : decoded.object;
  }
  const text = bytes.toString('utf8');
  if (!text.trim()) return undefined;
  try {
    if ((contentType ?? '').includes('yaml')) return YAML.parse(text);
    return JSON.parse(text);
  } catch (e) {
    return status(400, 'BadRequest', `couldn't get version/kind; json parse error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Rows carry PartialObjectMetadata unless the client asked for whole objects. */
function tableObjects(table: { rows: { object: KObject }[] }, include: string | undefined): void {
  for (const row of table.rows) {
    if (include === 'Object') continue;
    if (include === 'None') {
      delete (row as { object?: KObject }).object;
      continue;
    }
    row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: row.object.metadata } as KObject;
  }
}

export function startServer(opts: ServeOptions): Promise<RunningServer> {
  const { cluster } = opts;
  const host = opts.host ?? '127.0.0.1';
  const driver = new TimeDriver(cluster.clock);
  driver.speed = opts.speed ?? 1;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    driver.tick(now - last);
    last = now;
  }, opts.tickMs ?? 50);

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, status(500, 'InternalError', `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`));
      else res.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => pickProtocol(protocols) });
  const sockets = new Set<import('node:net').Socket>();
  const watches = new Set<() => void>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!/\/exec$|\/attach$/.test(url.pathname)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => handleExec(ws, url));
  });

  const serverAddress = () => `${host}:${(server.address() as { port: number }).port}`;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    // --- non-resource endpoints
    if (path === '/version') return send(res, 200, SERVER_VERSION);
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return send(res, 200, 'ok', 'text/plain');
    const aggregated = /as=APIGroupDiscoveryList/.test((req.headers.accept ?? '').split(',')[0]) && /v=v2(?!beta)/.test((req.headers.accept ?? '').split(',')[0]);
    if (path === '/api')
      return aggregated ? send(res, 200, aggregatedDiscovery(cluster.api.kinds, true), AGGREGATED_DISCOVERY_TYPE) : send(res, 200, apiVersions(serverAddress()));
    if (path === '/apis')
      return aggregated ? send(res, 200, aggregatedDiscovery(cluster.api.kinds, false), AGGREGATED_DISCOVERY_TYPE) : send(res, 200, apiGroupList(cluster.api.kinds));
    if (path === '/openapi/v2') {
      const accept = req.headers.accept ?? '';
      if (accept.includes(OPENAPI_V2_PROTOBUF) && !/application\/json/.test(accept.split(',')[0])) {
        // answered with the '.v1.0' spelling: Go's mime parser rejects the '@' kubectl asks with
        res.writeHead(200, { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 'Cache-Control': 'no-cache, private' });
        res.end(openapiV2Protobuf(openapiV2(cluster.api.kinds) as Record<string, unknown>));
        return;
      }
      if (!accept.includes('json') && !accept.includes('*/*') && accept) return send(res, 406, status(406, 'NotAcceptable', 'only application/json and gnostic protobuf are served for /openapi/v2'));
      return send(res, 200, openapiV2(cluster.api.kinds));
    }
    if (path === '/openapi/v3') return send(res, 200, openapiV3Root(cluster.api.kinds));
    const oa = /^\/openapi\/v3\/(?:api\/(v[^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (oa) {
      const doc = oa[1] ? openapiV3(cluster.api.kinds, '', oa[1]) : openapiV3(cluster.api.kinds, oa[2], oa[3]);
      return doc ? send(res, 200, doc) : send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    }
    const gv = /^\/(?:api\/(v[^/]+)|apis\/([^/]+)(?:\/([^/]+))?)$/.exec(path);
    if (gv && method === 'GET') {
      if (gv[1]) {
        const list = apiResourceList(cluster.api.kinds, '', gv[1]);
        return list ? send(res, 200, list) : notFound(res);
      }
      if (!gv[3]) {
        const g = apiGroupList(cluster.api.kinds).groups.find((x) => x.name === gv[2]);
        return g ? send(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...g }) : notFound(res);
      }
      const list = apiResourceList(cluster.api.kinds, gv[2], gv[3]);
      return list ? send(res, 200, list) : notFound(res);
    }
    // --- resources
    const ctype = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const writes = method === 'POST' || method === 'PUT' || method === 'DELETE';
    if (writes && ctype && !BODY_TYPES.includes(ctype))
      return send(res, 415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`));
    if (method === 'PATCH' && !patchTypeOf(ctype))
      return send(
        res,
        415,
        status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`),
      );
    const bytes = await readBody(req, MAX_BODY);
    if (bytes === undefined) return send(res, 413, status(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY}`));
    const body = parseBody(bytes, ctype);
    if (body && (body as Status).kind === 'Status' && (body as Status).code === 400) return send(res, 400, body);
    const route = parseRoute(method, url, { accept: req.headers.accept, contentType: req.headers['content-type'] }, body);
    if (!route) return notFound(res);
    // kubectl --as/--as-group: the request runs as that user (every caller may impersonate here)
    const as = req.headersDistinct['impersonate-user']?.[0];
    if (as) route.req.user = as;
    const asGroups = req.headersDistinct['impersonate-group'];
    if (asGroups?.length) route.req.groups = asGroups;
    if (route.watch) return streamWatch(req, res, route);
    if (route.req.subresource === 'log') return serveLog(req, res, route);
    if (route.req.subresource === 'exec' || route.req.subresource === 'attach')
      return send(res, 400, status(400, 'BadRequest', 'Upgrade request required'));
    const result = cluster.request(route.req);
    cluster.clock.settle();
    writeResult(res, route, result);
  }

  function writeResult(res: http.ServerResponse, route: Route, result: ApiResponse): void {
    const b = result.body as { kind?: string; rows?: { object: KObject }[] };
    if (b && b.kind === 'Table' && b.rows) tableObjects(b as { rows: { object: KObject }[] }, route.req.query?.includeObject);
    if (result.warnings?.length) res.setHeader('Warning', result.warnings.map((w) => `299 - ${JSON.stringify(w)}`));
    send(res, result.code, result.body);
  }

  function notFound(res: http.ServerResponse): void {
    send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
  }

  function streamWatch(req: http.IncomingMessage, res: http.ServerResponse, route: Route): void {
    res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const info = cluster.api.kinds.resource(route.req.group ?? '', route.req.version, route.req.resource);
    let first = true;
    const write = (e: WatchEvent) => {
      let ev: unknown = e;
      if (route.table && info && (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED')) {
        const t = toTable(info, [e.object as KObject], { now: cluster.clock.now() });
        t.metadata = { resourceVersion: (e.object as KObject).metadata.resourceVersion };
        tableObjects(t as unknown as { rows: { object: KObject }[] }, route.req.query?.includeObject);
        // the column definitions travel with the first event only, as kube-apiserver sends them
        if (!first) t.columnDefinitions = [];
        first = false;
        ev = { type: e.type, object: t };
      }
      res.write(`${JSON.stringify(ev)}\n`);
      if (e.type === 'ERROR') end();
    };
    const handle = cluster.watch({ ...route.req, verb: 'watch' }, write);
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Bookmarks tell an informer how far it has seen, so that it resumes from there
    // instead of relisting when the connection drops.
    const bookmarks =
      route.req.query?.allowWatchBookmarks && info
        ? setInterval(
            () => write({ type: 'BOOKMARK', object: { apiVersion: apiVersionOf(info), kind: info.kind, metadata: { resourceVersion: String(cluster.api.store.revision) } } as KObject }),
            opts.bookmarkMs ?? 60_000,
          )
        : undefined;
    const end = () => {
      handle.stop();
      clearInterval(bookmarks);
      if (timer) clearTimeout(timer);
      watches.delete(end);
      res.end();
    };
    watches.add(end);
    if (route.timeoutSeconds) timer = setTimeout(end, route.timeoutSeconds * 1000);
    req.on('close', () => {
      handle.stop();
      clearInterval(bookmarks);
      watches.delete(end);
      if (timer) clearTimeout(timer);
    });
  }

  function serveLog(req: http.IncomingMessage, res: http.ServerResponse, route: Route): void {
    const result = cluster.request({ ...route.req, verb: 'get' });
    if (result.code >= 300) return send(res, result.code, result.body);
    res.writeHead(200, { 'Content-Type': 'text/plain', ...(route.follow ? { 'Transfer-Encoding': 'chunked' } : {}) });
    res.write(String(result.body ?? ''));
    if (!route.follow) {
      res.end();
      return;
    }
    // follow: only what is written after the part already sent
    const handle = cluster.watch({ ...route.req, verb: 'watch', query: { ...route.req.query, tailLines: 0 } }, (e) => {
      if (e.type === 'ERROR') {
        res.end();
        return;
      }
      const text = (e.object as unknown as { text?: string }).text;
      if (text) res.write(text);
    });
    req.on('close', () => handle.stop());
  }

  function handleExec(ws: WebSocket, url: URL): void {
    const route = parseRoute('POST', url, {}, undefined);
    const p = url.searchParams;
    const command = p.getAll('command');
    const container = p.get('container') ?? undefined;
    const wantStdin = p.get('stdin') === 'true' || p.get('stdin') === '1';
    const tty = p.get('tty') === 'true' || p.get('tty') === '1';
    const v5 = ws.protocol === 'v5.channel.k8s.io';
    let stdin = '';
    let done = false;
    const frame = (ch: number, data: string | Buffer) => ws.send(Buffer.concat([Buffer.from([ch]), Buffer.isBuffer(data) ? data : Buffer.from(data)]));
    const run = () => {
      if (done || !route) return;
      done = true;
      const result = cluster.request({
        ...route.req,
        verb: 'create',
        subresource: 'exec',
        body: { command, ...(container ? { container } : {}), ...(wantStdin ? { stdin } : {}), tty },
      });
      cluster.clock.settle();
      if (result.code >= 300) {
        frame(3, JSON.stringify(result.body));
      } else {
        const out = result.body as { stdout?: string; stderr?: string; exitCode?: number };
        if (out.stdout) frame(1, tty ? out.stdout.replace(/\r?\n/g, '\r\n') : out.stdout);
        if (out.stderr) frame(2, out.stderr);
        const code = out.exitCode ?? 0;
        frame(
          3,
          JSON.stringify(
            code === 0
              ? { metadata: {}, status: 'Success' }
              : {
                  metadata: {},
                  status: 'Failure',
                  message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
                  reason: 'NonZeroExitCode',
                  details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
                },
          ),
        );
      }
      ws.close(1000);
    };
    // `kubectl exec -it POD -- sh`: a terminal session, one command per line typed
    const shells = ['sh', 'bash', 'ash', 'dash', '/bin/sh', '/bin/bash', '/bin/ash'];
    if (tty && wantStdin && command.length === 1 && shells.includes(command[0]) && route) {
      interactive(ws, route, container, frame);
      return;
    }
    ws.on('message', (data: Buffer) => {
      const buf = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      if (buf.length === 0) return;
      const ch = buf[0];
      if (ch === 0) {
        stdin += buf.subarray(1).toString('utf8');
        // without the v5 close signal, a newline ends a line-oriented stdin
        if (!v5 && stdin.endsWith('\n')) run();
      } else if (ch === 255 && buf[1] === 0) run();
    });
    ws.on('close', () => {
      done = true;
    });
    if (!wantStdin) run();
  }

  /**
   * A raw terminal on the container's shell: keystrokes arrive on channel 0 and are echoed,
   * each line runs as `sh -c LINE` through the exec subresource, output goes back on
   * channel 1 with terminal line ends; `exit` or Ctrl+D ends the session.
   */
  function interactive(ws: WebSocket, route: Route, container: string | undefined, frame: (ch: number, data: string) => void): void {
    const prompt = '# ';
    let line = '';
    const finish = () => {
      frame(3, JSON.stringify({ metadata: {}, status: 'Success' }));
      ws.close(1000);
    };
    frame(1, prompt);
    ws.on('message', (data: Buffer) => {
      const buf = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      if (buf.length === 0 || buf[0] !== 0) return;
      for (const ch of buf.subarray(1).toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          frame(1, '\r\n');
          const cmd = line.trim();
          line = '';
          if (cmd === 'exit') return finish();
          if (cmd) {
            const result = cluster.request({ ...route.req, verb: 'create', subresource: 'exec', body: { command: ['sh', '-c', cmd], ...(container ? { container } : {}), tty: true } });
            cluster.clock.settle();
            if (result.code >= 300) {
              frame(3, JSON.stringify(result.body));
              ws.close(1000);
              return;
            }
            const out = result.body as { stdout?: string; stderr?: string };
            const text = (out.stdout ?? '') + (out.stderr ?? '');
            if (text) frame(1, text.replace(/\r?\n/g, '\r\n'));
          }
          frame(1, prompt);
        } else if (ch === '\x7f' || ch === '\b') {
          if (line) {
            line = line.slice(0, -1);
            frame(1, '\b \b');
          }
        } else if (ch === '\x03') {
          line = '';
          frame(1, `^C\r\n${prompt}`);
        } else if (ch === '\x04') {
          if (!line) return finish();
        } else if (ch >= ' ') {
          line += ch;
          frame(1, ch);
        }
      }
    });
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 6443, host, () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        url: `http://${host}:${port}`,
        port,
        driver,
        endWatches: () => {
          for (const end of [...watches]) end();
        },
        dropConnections: () => {
          for (const s of sockets) s.destroy();
        },
        close: () =>
          new Promise((r) => {
            clearInterval(ticker);
            wss.close();
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

function pickProtocol(protocols: Set<string>): string | false {
  for (const p of ['v5.channel.k8s.io', 'v4.channel.k8s.io']) if (protocols.has(p)) return p;
  return false;
}

/** A kubeconfig that points kubectl at the server. */
export function kubeconfig(url: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: kubelab
  cluster:
    server: ${url}
    # plain HTTP on loopback; client libraries such as @kubernetes/client-node want this said
    insecure-skip-tls-verify: true
contexts:
- name: kubelab
  context:
    cluster: kubelab
    namespace: default
    user: kubelab
current-context: kubelab
users:
- name: kubelab
  user: {}
`;
}
