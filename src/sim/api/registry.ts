/**
 * The kinds registry: what resources the server serves, filled by the built-in kinds
 * (./builtins) and by CustomResourceDefinitions (./crds). kubectl's discovery, the
 * server's routing and the tables all read it.
 */
import type { KObject } from './types';

export interface PrinterColumn {
  name: string;
  /** 'string' | 'integer' | 'number' | 'boolean' | 'date' */
  type: string;
  format?: string;
  description?: string;
  /** 0 = shown by default, >0 = only with -o wide */
  priority: number;
  /** for CRD additionalPrinterColumns: a simple JSONPath such as .spec.replicas */
  jsonPath?: string;
}

export interface ScaleSubresource {
  specReplicasPath: string; // e.g. .spec.replicas
  statusReplicasPath: string; // e.g. .status.replicas
  labelSelectorPath?: string; // e.g. .status.selector
}

export interface KindInfo {
  group: string; // '' for core
  version: string; // served version, e.g. v1
  kind: string; // Pod
  listKind: string; // PodList
  plural: string; // pods
  singular: string; // pod
  shortNames: string[];
  categories: string[]; // e.g. ['all']
  namespaced: boolean;
  /** verbs the resource supports (discovery) */
  verbs: string[];
  subresources: {
    status?: boolean;
    scale?: ScaleSubresource;
    /** other subresources served by hooks (log, exec, binding, eviction, ...) */
    other?: string[];
  };
  /** does metadata.generation track spec changes? */
  generation: boolean;
  /** for strategic merge patch: not supported on custom resources */
  strategicMerge: boolean;
  /** top-level fields other than metadata that are "spec" for generation purposes */
  specFields?: string[];
  /** CRD-defined printer columns (built-ins use the server's table printers) */
  printerColumns?: PrinterColumn[];
  /** for custom resources: the openAPIV3Schema of this version */
  schema?: Record<string, unknown>;
  /** set for kinds defined by a CRD */
  crd?: string;
  /**
   * For an older version served from the same objects (autoscaling/v1 HPAs): the stored
   * version requests are converted to and answers from (./conversion).
   */
  storageVersion?: string;
}

export function apiVersionOf(info: Pick<KindInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** Splits `apps/v1` → {group:'apps', version:'v1'}; `v1` → {group:'', version:'v1'}. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export class KindRegistry {
  private byResource = new Map<string, KindInfo>(); // `${group}/${version}/${plural}`
  private byKind = new Map<string, KindInfo>(); // `${group}/${version}/${kind}`
  private listeners = new Set<() => void>();

  register(info: KindInfo): void {
    this.byResource.set(`${info.group}/${info.version}/${info.plural}`, info);
    this.byKind.set(`${info.group}/${info.version}/${info.kind}`, info);
    this.changed();
  }

  unregister(group: string, version: string, plural: string): void {
    const info = this.byResource.get(`${group}/${version}/${plural}`);
    if (!info) return;
    this.byResource.delete(`${group}/${version}/${plural}`);
    this.byKind.delete(`${group}/${version}/${info.kind}`);
    this.changed();
  }

  /** Looks up a resource; without a version, the group's preferred (first registered) one. */
  resource(group: string, version: string | undefined, plural: string): KindInfo | undefined {
    if (version) return this.byResource.get(`${group}/${version}/${plural}`);
    for (const info of this.byResource.values()) if (info.group === group && info.plural === plural) return info;
    return undefined;
  }

  kind(group: string, version: string, kind: string): KindInfo | undefined {
    return this.byKind.get(`${group}/${version}/${kind}`);
  }

  /** The kind info of an object, from its apiVersion and kind. */
  forObject(obj: Pick<KObject, 'apiVersion' | 'kind'>): KindInfo | undefined {
    const { group, version } = parseApiVersion(String(obj.apiVersion ?? ''));
    return this.kind(group, version, String(obj.kind ?? ''));
  }

  /** Every kind with this Kind name in any group (e.g. for "did you mean" and discovery). */
  byKindName(kind: string): KindInfo[] {
    return [...this.byKind.values()].filter((k) => k.kind === kind);
  }

  all(): KindInfo[] {
    return [...this.byResource.values()];
  }

  /** Group → versions, in registration order, for discovery. */
  groups(): Map<string, string[]> {
    const m = new Map<string, string[]>();
    for (const k of this.byResource.values()) {
      const vs = m.get(k.group) ?? [];
      if (!vs.includes(k.version)) vs.push(k.version);
      m.set(k.group, vs);
    }
    return m;
  }

  /**
   * Resolves what a user types (`po`, `pods`, `pod`, `deploy`, `deployments.apps`,
   * `Deployment`, `foos.example.com`) to a kind, as kubectl's RESTMapper does.
   */
  resolve(name: string): KindInfo | undefined {
    const lower = name.toLowerCase();
    let group: string | undefined;
    let version: string | undefined;
    let base = lower;
    const dot = lower.indexOf('.');
    if (dot > 0) {
      base = lower.slice(0, dot);
      group = lower.slice(dot + 1);
      // `deployments.v1.apps` form: that version, not the preferred one
      const m = /^(v\d+(?:(?:alpha|beta)\d+)?)\.(.+)$/.exec(group);
      if (m) [version, group] = [m[1], m[2]];
    }
    // kubectl expands a short name to its preferred version, dropping the one typed with it
    if (version !== undefined && [...this.byResource.values()].some((k) => k.group === group && k.shortNames.includes(base))) version = undefined;
    const candidates = [...this.byResource.values()].filter((k) => (group === undefined || k.group === group) && (version === undefined || k.version === version));
    const match = (k: KindInfo) =>
      k.plural === base || k.singular === base || k.kind.toLowerCase() === base || k.shortNames.includes(base);
    // core and the built-in groups first, as kubectl's priority RESTMapper does
    const found = candidates.filter(match);
    if (found.length === 0 && group !== undefined) {
      // a group-qualified name may have had a dot in the wrong place (e.g. `foo.bar` plural); try whole
      return undefined;
    }
    found.sort((a, b) => groupRank(a.group) - groupRank(b.group));
    return found[0];
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}

function groupRank(group: string): number {
  if (group === '') return 0;
  if (!group.includes('.') || group.endsWith('.k8s.io')) return 1;
  return 2;
}
