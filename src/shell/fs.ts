/**
 * The learner's small file system (in memory, one per shell): absolute and relative
 * paths, `~`, `.` and `..`; the node shells use the NodeHost's file system through the
 * same interface.
 */
export interface ShellFs {
  read(path: string): string | undefined;
  write(path: string, content: string): void;
  remove(path: string): boolean;
  isDir(path: string): boolean;
  list(path: string): string[] | undefined;
  mkdir(path: string): void;
  exists(path: string): boolean;
}

export function normalize(path: string, cwd: string, home = '/root'): string {
  let p = path;
  if (p === '~' || p.startsWith('~/')) p = home + p.slice(1);
  if (!p.startsWith('/')) p = `${cwd.replace(/\/$/, '')}/${p}`;
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

export class MemoryFs implements ShellFs {
  private files = new Map<string, string>();
  private dirs = new Set<string>(['/']);

  constructor(initial: Record<string, string> = {}, dirs: string[] = ['/root', '/tmp']) {
    for (const d of dirs) this.mkdir(d);
    for (const [p, c] of Object.entries(initial)) this.write(p, c);
  }

  read(path: string): string | undefined {
    return this.files.get(path);
  }

  write(path: string, content: string): void {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    this.mkdir(parent);
    this.files.set(path, content);
  }

  remove(path: string): boolean {
    if (this.files.delete(path)) return true;
    if (this.dirs.has(path) && path !== '/') {
      for (const f of [...this.files.keys()]) if (f.startsWith(path + '/')) this.files.delete(f);
      for (const d of [...this.dirs]) if (d === path || d.startsWith(path + '/')) this.dirs.delete(d);
      return true;
    }
    return false;
  }

  isDir(path: string): boolean {
    return this.dirs.has(path);
  }

  exists(path: string): boolean {
    return this.files.has(path) || this.dirs.has(path);
  }

  list(path: string): string[] | undefined {
    if (!this.dirs.has(path)) return undefined;
    const pre = path === '/' ? '/' : path + '/';
    const names = new Set<string>();
    for (const f of this.files.keys()) if (f.startsWith(pre)) names.add(f.slice(pre.length).split('/')[0]);
    for (const d of this.dirs) if (d.startsWith(pre) && d !== path) names.add(d.slice(pre.length).split('/')[0]);
    return [...names].sort();
  }

  mkdir(path: string): void {
    let cur = '';
    for (const seg of path.split('/').filter(Boolean)) {
      cur += '/' + seg;
      this.dirs.add(cur);
    }
  }

  /** Plain data for saving a session. */
  dump(): { files: Record<string, string>; dirs: string[] } {
    return { files: Object.fromEntries(this.files), dirs: [...this.dirs] };
  }
}

/** A node's file system (NodeHost) seen through ShellFs. */
export function nodeFs(host: {
  readFile(p: string): string | undefined;
  writeFile(p: string, c: string): void;
  remove(p: string): boolean;
  list(d: string): string[] | undefined;
  isDir(p: string): boolean;
  mkdir(p: string): void;
}): ShellFs {
  return {
    read: (p) => host.readFile(p),
    write: (p, c) => host.writeFile(p, c),
    remove: (p) => host.remove(p),
    isDir: (p) => host.isDir(p),
    list: (p) => host.list(p)?.slice().sort(),
    mkdir: (p) => host.mkdir(p),
    exists: (p) => host.isDir(p) || host.readFile(p) !== undefined,
  };
}
