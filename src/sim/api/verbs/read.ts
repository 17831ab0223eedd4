/**
 * get, list (with label/field selectors and limit/continue pagination) and watch
 * (from any recent resourceVersion; 410 Expired when compacted; objects that stop
 * matching a selector arrive as DELETED, ones that start matching as ADDED).
 */
import { badRequest, expired, notFound, serviceUnavailable } from '../errors';
import { apiVersionOf, type KindInfo } from '../registry';
import { fieldMatcher, matches, parseFieldSelector, parseLabelSelector } from '../selectors';
import { storeKey, fail, type ApiServer } from '../server';
import type { Change, StoreWatcher } from '../store';
import { toTable } from '../tables';
import type { ApiRequest, ApiResponse, KList, KObject, Status, WatchEvent, WatchHandle } from '../types';
import { scaleOf } from '../subresources';

/** An object as served at the requested version (custom resources may be served at several). */
export function served(info: KindInfo, o: KObject): KObject {
  const av = apiVersionOf(info);
  return o.apiVersion === av ? o : { ...o, apiVersion: av };
}

export function handleGet(api: ApiServer, info: KindInfo, req: ApiRequest): ApiResponse {
  if (!req.name) return handleList(api, info, req);
  const ns = info.namespaced ? req.namespace : undefined;
  if (info.namespaced && !ns) return fail(badRequest('the namespace of the object is required'));
  const o = api.store.get(storeKey(info), ns, req.name);
  if (!o) return fail(notFound(info.plural, info.group, req.name));
  if (req.subresource === 'scale') return { code: 200, body: scaleOf(info, o) };
  // nodes/proxy, pods/proxy, services/proxy: there is no kubelet or backend HTTP to reach
  if (req.subresource === 'proxy') return fail(serviceUnavailable());
  const obj = served(info, o);
  if (req.query?.as === 'Table') {
    const table = toTable(info, [obj], { now: api.clock.now() });
    table.metadata = { resourceVersion: o.metadata.resourceVersion };
    return { code: 200, body: table };
  }
  return { code: 200, body: obj };
}

type Matcher = (o: KObject) => boolean;

const matchAll: Matcher = () => true;

/** Builds the selector matcher of a list or watch request, or the 400 the server answers. */
export function requestMatcher(info: KindInfo, req: ApiRequest): Matcher | Status {
  const ls = parseLabelSelector(req.query?.labelSelector ?? '');
  if ('error' in ls) return badRequest(ls.error);
  const fs = parseFieldSelector(req.query?.fieldSelector ?? '');
  if ('error' in fs) return badRequest(fs.error);
  if (req.name) fs.push({ field: 'metadata.name', op: '=', value: req.name });
  const fm = fieldMatcher(info.plural, info.namespaced, fs);
  // kubectl adds the `Unable to find "/v1, Resource=pods" that match …` context itself
  if ('error' in fm) return badRequest(fm.error);
  if (ls.everything && fs.length === 0) return matchAll;
  return (o) => matches(ls, o.metadata.labels) && fm(o);
}

export function handleList(api: ApiServer, info: KindInfo, req: ApiRequest): ApiResponse {
  const m = requestMatcher(info, { ...req, name: undefined });
  if (typeof m !== 'function') return fail(m);
  const ns = info.namespaced ? req.namespace || undefined : undefined;
  let items = api.store.list(storeKey(info), ns).filter(m);
  const rv = String(api.store.revision);
  let cont: string | undefined;
  let remaining: number | undefined;
  const limit = req.query?.limit;
  if (req.query?.continue) {
    const token = decodeContinue(req.query.continue);
    if (!token) return fail(badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'));
    if (token.rv < api.store.oldestResumableRv)
      return fail(
        expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        ),
      );
    items = items.filter((o) => keyOf(o) > token.start);
  }
  if (limit && limit > 0 && items.length > limit) {
    remaining = items.length - limit;
    items = items.slice(0, limit);
    cont = encodeContinue({ rv: Number(rv), start: keyOf(items[items.length - 1]) });
  }
  const servedItems = items.map((o) => served(info, o));
  if (req.query?.as === 'Table') {
    const table = toTable(info, servedItems, { now: api.clock.now() });
    table.metadata = { resourceVersion: rv, ...(cont ? { continue: cont, remainingItemCount: remaining } : {}) };
    return { code: 200, body: table };
  }
  const list: KList = {
    apiVersion: apiVersionOf(info),
    kind: info.listKind,
    metadata: { resourceVersion: rv, ...(cont ? { continue: cont, remainingItemCount: remaining } : {}) },
    items: servedItems,
  };
  return { code: 200, body: list };
}

function keyOf(o: KObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function encodeContinue(t: { rv: number; start: string }): string {
  return btoa(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start }));
}

function decodeContinue(s: string): { rv: number; start: string } | undefined {
  try {
    const t = JSON.parse(atob(s)) as { rv?: unknown; start?: unknown };
    if (typeof t.rv === 'number' && typeof t.start === 'string') return { rv: t.rv, start: t.start };
  } catch {
    /* fall through */
  }
  return undefined;
}

export function handleWatch(api: ApiServer, info: KindInfo, req: ApiRequest, onEvent: (e: WatchEvent) => void): WatchHandle {
  const m = requestMatcher(info, req);
  if (typeof m !== 'function') {
    onEvent({ type: 'ERROR', object: m });
    return { stop() {} };
  }
  const ns = info.namespaced ? req.namespace || undefined : undefined;
  const resource = storeKey(info);
  const apiVersion = apiVersionOf(info);
  const rvText = req.query?.resourceVersion;
  let stopped = false;
  const emit = (e: WatchEvent) => {
    if (!stopped) onEvent(e);
  };
  const all = m === matchAll;
  const translate = (c: Change) => {
    if (all) {
      // no selector: every change passes through as it is
      if (!stopped) onEvent({ type: c.type, object: c.object.apiVersion === apiVersion ? c.object : served(info, c.object) });
      return;
    }
    const now = c.type !== 'DELETED' && m(c.object);
    const before = c.prev !== undefined && m(c.prev);
    if (c.type === 'ADDED') {
      if (now) emit({ type: 'ADDED', object: served(info, c.object) });
    } else if (c.type === 'MODIFIED') {
      if (now && before) emit({ type: 'MODIFIED', object: served(info, c.object) });
      else if (now) emit({ type: 'ADDED', object: served(info, c.object) });
      else if (before) emit({ type: 'DELETED', object: served(info, c.object) });
    } else if (before) emit({ type: 'DELETED', object: served(info, c.object) });
  };
  const backlog: Change[] = [];
  if (rvText === undefined || rvText === '' || rvText === '0') {
    for (const o of api.store.list(resource, ns)) if (m(o)) emit({ type: 'ADDED', object: served(info, o) });
    if (req.query?.allowWatchBookmarks && req.query?.sendInitialEvents)
      emit({
        type: 'BOOKMARK',
        object: {
          apiVersion: apiVersionOf(info),
          kind: info.kind,
          metadata: { resourceVersion: String(api.store.revision), annotations: { 'k8s.io/initial-events-end': 'true' } },
        },
      });
  } else {
    const rv = Number(rvText);
    if (!Number.isInteger(rv) || rv < 0) {
      emit({ type: 'ERROR', object: badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(rvText)}: invalid syntax`) });
      return { stop() {} };
    }
    const changes = api.store.changesSince(resource, rv);
    if (changes === 'expired') {
      emit({ type: 'ERROR', object: expired(`too old resource version: ${rv} (${api.store.oldestResumableRv})`) });
      return { stop() {} };
    }
    backlog.push(...changes.filter((c) => ns === undefined || c.object.metadata.namespace === ns));
  }
  for (const c of backlog) translate(c);
  const watcher: StoreWatcher = { resource, namespace: ns, deliver: translate };
  if (!stopped) api.store.addWatcher(watcher);
  return {
    stop() {
      stopped = true;
      api.store.removeWatcher(watcher);
    },
  };
}
