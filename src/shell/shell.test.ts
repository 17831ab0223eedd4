import { describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import { parse } from './parse';
import { createShell } from './shell';
import { awk, cut, grep, sort, tail, tr, uniq, wc } from './text';

function fakeClient() {
  const c = new Cluster({ seed: 1 });
  return { request: c.request.bind(c), watch: c.watch.bind(c), now: () => c.clock.now() };
}

describe('parser', () => {
  it('splits lists, pipelines and redirections', () => {
    const r = parse('a x | b "y z" > out.txt && c || d; e');
    expect('script' in r).toBe(true);
    if (!('script' in r)) return;
    expect(r.script.length).toBe(2);
    expect(r.script[0].first.cmds.length).toBe(2);
    expect((r.script[0].first.cmds[1] as { redirects: { op: string }[] }).redirects[0].op).toBe('>');
    expect(r.script[0].rest.map((x) => x.op)).toEqual(['&&', '||']);
  });
  it('asks for more input on open quotes and heredocs', () => {
    expect(parse('echo "abc')).toEqual({ incomplete: '"' });
    expect(parse('cat <<EOF\nline')).toEqual({ incomplete: 'heredoc' });
    expect('script' in parse('cat <<EOF\nline\nEOF')).toBe(true);
  });
  it('reports syntax errors as bash does', () => {
    expect(parse('| grep x')).toEqual({ error: "bash: syntax error near unexpected token `|'" });
    expect(parse('echo hi >')).toEqual({ error: "bash: syntax error near unexpected token `newline'" });
  });
});

describe('text tools', () => {
  const input = 'NAME READY STATUS\nweb-1 1/1 Running\nweb-2 0/1 Pending\ndb-0 1/1 Running\n';
  it('grep with -v, -i, -E, -c', () => {
    expect(grep(['Running'], input).out).toBe('web-1 1/1 Running\ndb-0 1/1 Running\n');
    expect(grep(['-v', 'Running'], input).out).toBe('NAME READY STATUS\nweb-2 0/1 Pending\n');
    expect(grep(['-i', 'pending'], input).out).toBe('web-2 0/1 Pending\n');
    expect(grep(['-E', 'web|db'], input).out).toBe('web-1 1/1 Running\nweb-2 0/1 Pending\ndb-0 1/1 Running\n');
    expect(grep(['-c', 'web'], input).out).toBe('2\n');
    expect(grep(['nothing'], input).code).toBe(1);
    expect(grep(['-A1', 'web-1'], input).out).toBe('web-1 1/1 Running\nweb-2 0/1 Pending\n');
    expect(grep(['-B', '1', '-e', 'web-1', '-e', 'db'], input).out).toBe('NAME READY STATUS\nweb-1 1/1 Running\nweb-2 0/1 Pending\ndb-0 1/1 Running\n');
    expect(grep(['-A1', '-e', 'NAME', '-e', 'db'], 'NAME\nx\ny\ndb\n').out).toBe('NAME\nx\n--\ndb\n');
  });
  it('awk, cut, sort, uniq, wc, tail, tr', () => {
    expect(awk(['{print $1}'], input).out).toBe('NAME\nweb-1\nweb-2\ndb-0\n');
    expect(awk(['NR>1 {print $1, $3}'], input).out).toBe('web-1 Running\nweb-2 Pending\ndb-0 Running\n');
    expect(awk(['$3=="Running" {print $NF}'], input).out).toBe('Running\nRunning\n');
    expect(cut(['-d', ' ', '-f', '1'], input).out).toBe('NAME\nweb-1\nweb-2\ndb-0\n');
    expect(sort(['-k', '3'], input).out).toBe('web-2 0/1 Pending\ndb-0 1/1 Running\nweb-1 1/1 Running\nNAME READY STATUS\n');
    expect(sort(['-r'], 'a\nc\nb\n').out).toBe('c\nb\na\n');
    expect(sort(['-n'], '10\n9\n100\n').out).toBe('9\n10\n100\n');
    expect(uniq(['-c'], 'a\na\nb\n').out).toBe('      2 a\n      1 b\n');
    expect(wc(['-l'], input).out).toBe('4\n');
    expect(tail(['-n', '+2'], input).out).toBe('web-1 1/1 Running\nweb-2 0/1 Pending\ndb-0 1/1 Running\n');
    expect(tr(['a-z', 'A-Z'], 'abc\n').out).toBe('ABC\n');
    expect(tr(['-d', '\\n'], 'a\nb\n').out).toBe('ab');
  });
});

describe('line editor', () => {
  it('echoes keystrokes, runs on Enter, shows the prompt, keeps history', async () => {
    const sh = createShell({ client: fakeClient() });
    let out = '';
    sh.onOutput((t) => (out += t));
    sh.start();
    expect(out).toBe('$ ');
    out = '';
    const done = sh.feed('echo hi');
    await done;
    expect(out).toBe('hi\r\n$ ');
    out = '';
    sh.input('ec');
    sh.input('ho x\x7fy\r');
    await new Promise((r) => setTimeout(r, 10));
    expect(out).toBe('echo x\r\x1b[K$ echo y\r\ny\r\n$ ');
    out = '';
    sh.input('\x1b[A');
    expect(out).toBe('\r\x1b[K$ echo y');
    out = '';
    sh.input('\x03');
    expect(out).toBe('^C\r\n$ ');
  });
  it('completes commands, kubectl verbs and resource types with Tab', () => {
    const sh = createShell({ client: fakeClient() });
    expect(sh.complete('kubectl ge', 10)).toEqual(['get']);
    expect(sh.complete('kubectl get deplo', 17)).toEqual(['deployments']);
    expect(sh.complete('kubectl get ns kube-p', 21)).toEqual(['kube-public']);
    expect(sh.complete('kub', 3)).toEqual(['kubectl']);
    let out = '';
    sh.onOutput((t) => (out += t));
    sh.input('kubectl get na\t');
    expect(out).toBe('kubectl get na\r\x1b[K$ kubectl get namespaces ');
  });
  it('unknown commands fail with 127; pipes and $? work', async () => {
    const sh = createShell({ client: fakeClient(), interactive: false, crlf: false });
    let out = '';
    sh.onOutput((t) => (out += t));
    expect(await sh.runLine('nope')).toBe(127);
    expect(out).toBe('bash: nope: command not found\n');
    out = '';
    await sh.runLine('kubectl get ns --no-headers | wc -l; echo $?');
    expect(out).toBe('4\n0\n');
  });
});

describe('shellForCluster', () => {
  it('shows the prompt once output is wired, and runLine takes heredoc scripts', async () => {
    const { shellForCluster } = await import('./for-cluster');
    const c = new Cluster({ seed: 1 });
    const sh = shellForCluster(c, { interactive: false, crlf: false });
    let out = '';
    sh.onOutput((t) => (out += t));
    const code = await sh.runLine('cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\nEOF');
    expect(code).toBe(0);
    expect(out).toBe('namespace/dev created\n');
    const tty = shellForCluster(c);
    let t = '';
    tty.onOutput((x) => (t += x));
    await Promise.resolve();
    expect(t).toBe('$ ');
  });
});

describe('Ctrl+C', () => {
  it('cancels a running watch and returns to the prompt', async () => {
    const c = new Cluster({ seed: 1 });
    const client = { request: c.request.bind(c), watch: c.watch.bind(c), now: () => c.clock.now() };
    const sh = createShell({
      client,
      sleep: async (ms) => {
        c.clock.advance(ms);
        await new Promise((r) => setTimeout(r, 1));
      },
    });
    let out = '';
    sh.onOutput((t) => (out += t));
    sh.input('kubectl get ns kube-public -w\r');
    await new Promise((r) => setTimeout(r, 30));
    expect(sh.busy()).toBe(true);
    sh.input('\x03');
    await new Promise((r) => setTimeout(r, 30));
    expect(sh.busy()).toBe(false);
    expect(out.endsWith('kube-public   Active   0s\r\n^C\r\n$ ')).toBe(true);
  });
});

describe('manifests', () => {
  it('applies folders, multi-document files and List kinds', async () => {
    const { scriptedShell } = await import('./testing');
    const s = scriptedShell({
      files: {
        'app/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
        'app/list.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n',
        'app/notes.txt': 'ignored',
      },
    });
    expect((await s.run('kubectl apply -f app/')).out).toBe('configmap/a created\nconfigmap/b created\nconfigmap/c created\n');
    expect((await s.run('kubectl delete -f app/a.yaml')).out).toBe('configmap "a" deleted\nconfigmap "b" deleted\n');
    expect((await s.run('kubectl apply -f nope.yaml')).err).toBe('error: the path "nope.yaml" does not exist\n');
    expect((await s.run("printf 'kind: ConfigMap\\n' | kubectl apply -f -")).err).toBe(
      'error: error validating "STDIN": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n',
    );
  });
});

describe('redirections', () => {
  it('/dev/null swallows output without creating files; 2>&1 merges', async () => {
    const sh = createShell({ client: fakeClient(), interactive: false, crlf: false });
    let out = '';
    sh.onOutput((t) => (out += t));
    await sh.runLine('kubectl get pod nope 2>/dev/null || echo missing');
    await sh.runLine('kubectl get pod nope > err.txt 2>&1; cat err.txt; ls /');
    expect(out).toBe('missing\nError from server (NotFound): pods "nope" not found\nroot  tmp\n');
  });
  it('completes after -n VALUE', () => {
    const sh = createShell({ client: fakeClient() });
    expect(sh.complete('kubectl -n kube-system get name', 31)).toEqual(['namespaces']);
  });
});

describe('compound commands', () => {
  it('for, while, until, if/elif/else, break/continue, test, arithmetic, parameter expansion', async () => {
    const sh = createShell({ client: fakeClient(), interactive: false, crlf: false });
    let out = '';
    sh.onOutput((t) => (out += t));
    await sh.runLine('for p in $(kubectl get ns -o name); do echo ${p#namespace/}; done');
    expect(out).toBe('default\nkube-node-lease\nkube-public\nkube-system\n');
    out = '';
    await sh.runLine('n=0; while [ $n -lt 3 ]; do echo $n; n=$((n+1)); done; until false; do echo u; break; done');
    expect(out).toBe('0\n1\n2\nu\n');
    out = '';
    await sh.runLine('for i in $(seq 1 4); do if [ $i -eq 2 ]; then continue; elif [ $i = 4 ]; then echo four; else echo i$i; fi; done');
    expect(out).toBe('i1\ni3\nfour\n');
    out = '';
    await sh.runLine('X=web.yaml; echo ${X%.yaml} ${#X} ${Y:-none} $((7/2)) $((2+3*4))');
    expect(out).toBe('web 8 none 3 14\n');
    out = '';
    await sh.runLine('for i in 1 2\ndo\n  echo line $i\ndone');
    expect(out).toBe('line 1\nline 2\n');
  });
  it('asks for more input until done/fi', () => {
    expect(parse('for i in 1 2; do echo $i')).toEqual({ incomplete: 'done' });
    expect('incomplete' in parse('if true; then echo x')).toBe(true);
    expect(parse('done')).toEqual({ error: "bash: syntax error near unexpected token `done'" });
  });
});
