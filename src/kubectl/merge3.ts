/**
 * Client-side apply's three-way merge (kubectl apply without --server-side): the last
 * applied configuration, the new manifest and the live object. Fields the manifest
 * sets win; fields removed from the manifest since the last apply are deleted; fields
 * others set (e.g. replicas by `kubectl scale` when the manifest omits them) stay.
 * Lists with a patchMergeKey (containers by name, ports by containerPort, ...) merge by
 * key, as a strategic merge patch would; custom resources replace lists whole.
 */
type J = unknown;
type Obj = Record<string, J>;

const isObj = (v: J): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const KEYED: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  envFrom: [],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  imagePullSecrets: ['name'],
  ports: ['containerPort', 'port'],
  hostAliases: ['ip'],
  tolerations: [],
};

function mergeKeyFor(field: string, items: J[]): string | undefined {
  const keys = KEYED[field];
  if (!keys) return undefined;
  return keys.find((k) => items.every((i) => isObj(i) && k in i));
}

export function merge3(orig: J, mod: J, cur: J, strategic = true, field = ''): J {
  if (isObj(mod) && isObj(cur)) {
    const out: Obj = { ...cur };
    for (const [k, v] of Object.entries(mod)) {
      if (v === null) delete out[k];
      else out[k] = merge3(isObj(orig) ? orig[k] : undefined, v, cur[k], strategic, k);
    }
    if (isObj(orig)) for (const k of Object.keys(orig)) if (!(k in mod)) delete out[k];
    return out;
  }
  if (strategic && Array.isArray(mod) && Array.isArray(cur)) {
    const key = mergeKeyFor(field, [...mod, ...cur]);
    if (key) {
      const same = (a: J, b: J) => isObj(a) && isObj(b) && a[key] === b[key];
      const origList = Array.isArray(orig) ? orig : [];
      const out: J[] = mod.map((m) => {
        const c = cur.find((x) => same(x, m));
        const o = origList.find((x) => same(x, m));
        return c === undefined ? m : merge3(o, m, c, strategic, '');
      });
      for (const c of cur) {
        if (mod.some((m) => same(m, c))) continue;
        if (origList.some((o) => same(o, c))) continue;
        out.push(c);
      }
      return out;
    }
  }
  return mod;
}

export function deepEqual(a: J, b: J): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** A JSON merge patch that turns `from` into `to` (lists replaced whole). */
export function diffMergePatch(from: J, to: J): J {
  if (!isObj(from) || !isObj(to)) return to;
  const p: Obj = {};
  for (const k of Object.keys(from)) if (!(k in to)) p[k] = null;
  for (const [k, v] of Object.entries(to)) {
    if (deepEqual(from[k], v)) continue;
    p[k] = isObj(from[k]) && isObj(v) ? diffMergePatch(from[k], v) : v;
  }
  return p;
}

/** JSON with sorted keys, as Go marshals maps. */
export function sortedJson(v: J): string {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: J): J {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObj(v)) {
    const o: Obj = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeys(v[k]);
    return o;
  }
  return v;
}
