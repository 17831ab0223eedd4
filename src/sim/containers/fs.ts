/**
 * Small in-memory file systems: a node's own disk (for `ssh NODE`), a container's root
 * file system, and the volumes mounted into it (emptyDir, PVC data, read-only
 * projections of ConfigMaps and Secrets). Paths are absolute and `/`-separated.
 * Left out: permissions, owners, symlinks, sizes beyond the text length.
 */

export function normalize(path: string, cwd = '/'): string {
  // already normal (absolute, no empty, "." or ".." parts, no trailing slash): the common case
  if (path.length > 1 && path.charCodeAt(0) === 47 && !path.includes('//') && !path.includes('/.') && path.charCodeAt(path.length - 1) !== 47) return path;
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const p of abs.split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** A tree of files and directories. */
export class MemFs {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>(['/']);

  constructor(
    init: Record<string, string> = {},
    readonly readOnly = false,
  ) {
    for (const [p, c] of Object.entries(init)) this.put(p, c);
  }

  /** Writes bypassing the read-only flag (the kubelet projecting a ConfigMap). */
  put(path: string, content: string): void {
    const p = normalize(path);
    this.mkdirp(parent(p));
    this.files.set(p, content);
  }

  mkdirp(path: string): void {
    // every prefix of the normal path that ends before a "/" (and the path itself)
    const p = normalize(path);
    if (p === '/') return;
    for (let i = p.indexOf('/', 1); i !== -1; i = p.indexOf('/', i + 1)) this.dirs.add(p.slice(0, i));
    this.dirs.add(p);
  }

  read(path: string): string | undefined {
    return this.files.get(normalize(path));
  }

  isDir(path: string): boolean {
    return this.dirs.has(normalize(path));
  }

  list(path: string): string[] | undefined {
    const p = normalize(path);
    if (!this.dirs.has(p)) return undefined;
    const prefix = p === '/' ? '/' : `${p}/`;
    const names = new Set<string>();
    for (const k of [...this.files.keys(), ...this.dirs]) {
      if (k === p || !k.startsWith(prefix)) continue;
      names.add(k.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }

  remove(path: string): boolean {
    const p = normalize(path);
    if (this.files.delete(p)) return true;
    if (this.dirs.has(p) && p !== '/') {
      for (const k of [...this.files.keys()]) if (k.startsWith(`${p}/`)) this.files.delete(k);
      for (const d of [...this.dirs]) if (d === p || d.startsWith(`${p}/`)) this.dirs.delete(d);
      return true;
    }
    return false;
  }
}

export function parent(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** What a shell sees: reads and writes, with an error text for a failed write. */
export interface FileView {
  read(path: string): string | undefined;
  /** returns an error reason (e.g. `Read-only file system`) or undefined */
  write(path: string, content: string, append?: boolean): string | undefined;
  list(path: string): string[] | undefined;
  isDir(path: string): boolean;
  mkdir(path: string): string | undefined;
  remove(path: string): string | undefined;
}

/** A container's view: its root file system with volumes mounted over paths. */
export class MountedFs implements FileView {
  private mounts: { path: string; fs: MemFs; sub: string; readOnly: boolean }[] = [];

  constructor(readonly root: MemFs) {}

  mount(path: string, fs: MemFs, opts: { subPath?: string; readOnly?: boolean } = {}): void {
    const p = normalize(path);
    this.root.mkdirp(p);
    this.mounts.push({ path: p, fs, sub: opts.subPath ? normalize(opts.subPath) : '/', readOnly: !!opts.readOnly || fs.readOnly });
    this.mounts.sort((a, b) => b.path.length - a.path.length);
  }

  private at(path: string): { fs: MemFs; p: string; readOnly: boolean } {
    const p = normalize(path);
    for (const m of this.mounts)
      if (p === m.path || p.startsWith(`${m.path}/`)) return { fs: m.fs, p: normalize(m.sub + p.slice(m.path.length)), readOnly: m.readOnly };
    return { fs: this.root, p, readOnly: false };
  }

  read(path: string): string | undefined {
    const { fs, p } = this.at(path);
    return fs.read(p);
  }

  write(path: string, content: string, append = false): string | undefined {
    const { fs, p, readOnly } = this.at(path);
    if (readOnly) return 'Read-only file system';
    if (fs.isDir(p)) return 'Is a directory';
    if (!fs.isDir(parent(p))) return 'nonexistent directory';
    fs.files.set(p, append ? (fs.read(p) ?? '') + content : content);
    return undefined;
  }

  list(path: string): string[] | undefined {
    const { fs, p } = this.at(path);
    const names = fs.list(p);
    if (!names) return undefined;
    // mount points below this directory show up as entries
    const n = normalize(path);
    const extra = this.mounts.filter((m) => parent(m.path) === n).map((m) => m.path.slice(m.path.lastIndexOf('/') + 1));
    return [...new Set([...names, ...extra])].sort();
  }

  isDir(path: string): boolean {
    const { fs, p } = this.at(path);
    return fs.isDir(p);
  }

  mkdir(path: string): string | undefined {
    const { fs, p, readOnly } = this.at(path);
    if (readOnly) return 'Read-only file system';
    fs.mkdirp(p);
    return undefined;
  }

  remove(path: string): string | undefined {
    const { fs, p, readOnly } = this.at(path);
    if (readOnly) return 'Read-only file system';
    return fs.remove(p) ? undefined : 'No such file or directory';
  }
}
