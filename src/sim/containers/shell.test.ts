import { describe, expect, it } from 'vitest';
import { Shell, type Effect, type ShellContext, parseDuration, evalArith } from './shell';
import { MemFs, MountedFs } from './fs';
import { formatDate } from './tools';

function ctx(over: Partial<ShellContext> = {}): { c: ShellContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const c: ShellContext = {
    env: new Map([['HOME', '/root'], ['PATH', '/bin']]),
    fs: new MountedFs(new MemFs({ '/etc/hostname': 'box\n' })),
    flavor: 'ash',
    tools: new Set(['wget', 'nslookup']),
    hostname: 'box',
    now: () => Date.UTC(2025, 0, 1, 0, 0, 5),
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    ...over,
  };
  return { c, out, err };
}

/** Runs a script, collecting sleeps; returns exit code and the sleeps seen. */
function run(src: string, c: ShellContext, maxSteps = 100): { code?: number; sleeps: number[] } {
  const g = new Shell(c).run(src);
  const sleeps: number[] = [];
  for (let k = 0; k < maxSteps; k++) {
    const r = g.next();
    if (r.done) return { code: r.value, sleeps };
    const e = r.value as Effect;
    if (e.type === 'sleep') sleeps.push(e.ms);
    else return { sleeps };
  }
  return { sleeps };
}

describe('shell interpreter', () => {
  it('echo, variables, && and ||', () => {
    const { c, out } = ctx();
    const r = run('NAME=world; echo "hello $NAME" && false || echo fallback; echo ${MISSING:-dflt}', c);
    expect(out.join('')).toBe('hello world\nfallback\ndflt\n');
    expect(r.code).toBe(0);
  });

  it('while true loop with sleep yields virtual time each iteration', () => {
    const { c, out } = ctx();
    const r = run('while true; do echo tick; sleep 5; done', c, 7);
    expect(r.sleeps).toEqual([5000, 5000, 5000, 5000, 5000, 5000, 5000]);
    expect(out.join('')).toBe('tick\n'.repeat(7));
  });

  it('for loops, arithmetic and printf', () => {
    const { c, out } = ctx();
    run('i=0; for n in 1 2 3; do i=$((i + n)); done; printf "%s=%d\\n" total $i; for x in $(seq 2); do echo $x; done', c);
    expect(out.join('')).toBe('total=6\n1\n2\n');
  });

  it('exit N ends the script with that code', () => {
    const { c, out } = ctx();
    expect(run('echo before; exit 3; echo after', c).code).toBe(3);
    expect(out.join('')).toBe('before\n');
  });

  it('redirects to files and cat reads them back', () => {
    const { c, out } = ctx();
    run('echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f; date >> /tmp/d; cat /tmp/d', { ...c, fs: new MountedFs(new MemFs({ '/tmp/.keep': '' })) });
    expect(out.join('')).toBe('one\ntwo\nWed Jan  1 00:00:05 UTC 2025\n');
  });

  it('unknown commands fail in the dialect of the image shell', () => {
    const a = ctx();
    expect(run('foo', a.c).code).toBe(127);
    expect(a.err.join('')).toBe('sh: foo: not found\n');
    const d = ctx({ flavor: 'dash' });
    run('foo', d.c);
    expect(d.err.join('')).toBe('sh: 1: foo: not found\n');
    const b = ctx({ flavor: 'bash', argv0: 'bash' });
    run('foo', b.c);
    expect(b.err.join('')).toBe('bash: line 1: foo: command not found\n');
  });

  it('pipes, if/else, test and hostname', () => {
    const { c, out } = ctx();
    run('if [ -f /etc/hostname ]; then echo yes; else echo no; fi; echo a b c | wc -w; hostname; cat /etc/hostname | grep box', c);
    expect(out.join('')).toBe('yes\n3\nbox\nbox\n');
  });

  it('cat of a missing file is busybox worded', () => {
    const { c, err } = ctx();
    expect(run('cat /nope', c).code).toBe(1);
    expect(err.join('')).toBe("cat: can't open '/nope': No such file or directory\n");
  });

  it('a busy loop without sleep still yields so the clock can move', () => {
    const { c } = ctx();
    const r = run('while true; do :; done', c, 3);
    expect(r.sleeps.length).toBe(3);
  });

  it('syntax errors are reported, not thrown', () => {
    const { c, err } = ctx({ flavor: 'dash' });
    expect(run('while true; do echo', c).code).toBe(2);
    expect(err.join('')).toContain('Syntax error');
  });

  it('sleep durations and arithmetic', () => {
    expect(parseDuration(['1.5'])).toBe(1500);
    expect(parseDuration(['2m'])).toBe(120000);
    expect(parseDuration(['infinity'])).toBe(Infinity);
    expect(evalArith('2 + 3 * 4', () => 0)).toBe(14);
    expect(evalArith('(x + 1) % 3', (n) => (n === 'x' ? 4 : 0))).toBe(2);
    expect(formatDate(Date.UTC(2025, 0, 1, 0, 0, 5), '%Y-%m-%d %H:%M:%S')).toBe('2025-01-01 00:00:05');
  });

  it('trap TERM is reported so the process exits on SIGTERM', () => {
    const traps: string[] = [];
    const { c } = ctx({ onTrap: (s, a) => traps.push(`${s}:${a}`) });
    run("trap 'exit 0' TERM; echo hi", c);
    expect(traps).toEqual(['TERM:exit 0']);
  });
});

describe('tail', () => {
  it('tail -n+1 -F follows a file on the virtual clock', () => {
    const fs = new MountedFs(new MemFs({ '/var/log/1.log': 'a\nb\n' }));
    const { c, out } = ctx({ fs });
    const g = new Shell(c).run('tail -n+1 -F /var/log/1.log');
    g.next();
    expect(out.join('')).toBe('a\nb\n');
    fs.write('/var/log/1.log', 'c\n', true);
    g.next();
    expect(out.join('')).toBe('a\nb\nc\n');
  });
  it('tail -n 1 prints the last line', () => {
    const { c, out } = ctx({ fs: new MountedFs(new MemFs({ '/f': '1\n2\n3\n' })) });
    run('tail -n 1 /f; tail -2 /f', c);
    expect(out.join('')).toBe('3\n2\n3\n');
  });
});
