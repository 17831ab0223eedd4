/**
 * Parity: each script in ./parity runs twice on two clusters booted alike (same seed, same
 * start, time paused) — once through our kubectl emulator in the sandbox shell, once
 * through the real kubectl (bash) against `kubelab serve` — and stdout, stderr and exit
 * codes must match byte for byte after the normalisations below.
 *
 * Differences we cannot close yet are listed in ./parity/known-gaps.json. A listed gap
 * that closes fails the test too, so the list can only shrink.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootCluster } from '../sim/boot';
import type { Cluster } from '../sim/cluster';
import { createShell } from '../shell';
import { clientForCluster } from '../shell/for-cluster';
import { kubeconfig, startServer, type RunningServer } from './server';

const KUBECTL = '/usr/bin/kubectl';
const DIR = join(__dirname, 'parity');
const GAPS: { script: string; command: string; why: string }[] = JSON.parse(readFileSync(join(DIR, 'known-gaps.json'), 'utf8'));

interface Result {
  out: string;
  err: string;
  code: number;
}

/** Script lines grouped into commands (a heredoc is one command); comments dropped. */
export function units(script: string): string[] {
  const lines = script.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const m = /<<-?\s*'?"?(\w+)'?"?/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const body = [line];
    while (++i < lines.length) {
      body.push(lines[i]);
      if (lines[i].trim() === m[1]) break;
    }
    out.push(body.join('\n'));
  }
  return out;
}

const AGE = /(?<![\w.:-])(\d+[smhdy](\d+[smh])?|<invalid>)(?![\w.:-])/g;

/**
 * `kubectl describe` computes the ages in its Events and Non-terminated Pods tables on the
 * client, from the wall clock, while both clusters run on virtual time. In those two
 * sections only, ages become AGE and column padding is folded.
 */
function foldClientAges(s: string): string {
  let inSection = false;
  return s
    .split('\n')
    .map((line) => {
      if (/^(Events|Non-terminated Pods):/.test(line)) inSection = true;
      else if (/^\S/.test(line)) inSection = false;
      return inSection ? line.replace(AGE, 'AGE').replace(/ {2,}/g, '  ') : line;
    })
    .join('\n');
}

/** What must differ between two runs of the same thing, and nothing else. */
/** `kubectl events` works out LAST SEEN (and "xN over AGE") on the client from the wall clock. */
function foldEventAges(s: string): string {
  return s
    .split('\n')
    .map((line) => line.replace(/^(\S+)( \(x\d+ over \S+\))?(?= )/, (m, age: string, over?: string) => (age === 'LAST' ? m : `AGE${over ? ' (xN over AGE)' : ''}`)).replace(/ {2,}/g, '  '))
    .join('\n');
}

function normalise(s: string, command = ''): string {
  if (/^kubectl describe\b/.test(command)) s = foldClientAges(s);
  if (/^kubectl events\b/.test(command)) s = foldEventAges(s);
  return (
    s
      // kubectl's client-side warnings about its own cache directory
      .replace(/^.*(memcache\.go|cached discovery).*\n/gm, '')
      // the server address: the served port on one side, the page's kubeconfig on the other
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
      .replace(/https:\/\/controlplane:6443/g, 'http://127.0.0.1:PORT')
  );
}

const slowAge = /^sleep (\d+)(s|m)$/;

async function bootPair(seed: number): Promise<{ emu: Cluster; real: Cluster; server: RunningServer; config: string; cwd: string }> {
  const startTime = '2025-03-01T09:00:00Z';
  const emu = bootCluster({ seed, startTime });
  const real = bootCluster({ seed, startTime });
  const server = await startServer({ cluster: real, port: 0, speed: 'paused' });
  const cwd = mkdtempSync(join(tmpdir(), 'kubelab-parity-'));
  const config = join(cwd, 'kubeconfig');
  writeFileSync(config, kubeconfig(server.url));
  return { emu, real, server, config, cwd };
}

function bash(cmd: string, cwd: string, config: string): Promise<Result> {
  return new Promise((resolve) => {
    // a command that waits on time the paused cluster never reaches is cut off, and says so
    execFile('bash', ['-c', cmd], { cwd, timeout: 10_000, env: { PATH: process.env.PATH, HOME: cwd, KUBECONFIG: config, KUBECACHEDIR: join(cwd, 'cache') } }, (err, stdout, stderr) => {
      const killed = (err as { killed?: boolean } | null)?.killed;
      resolve({ out: stdout, err: killed ? `${stderr}(cut off after 10 s of wall time)\n` : stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 });
    });
  });
}

function lineDiff(ours: Result, theirs: Result): string {
  const show = (r: Result) => [`exit ${r.code}`, ...r.out.split('\n'), '(stderr)', ...r.err.split('\n')];
  const a = show(ours);
  const b = show(theirs);
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i]) out.push(...(a[i] === undefined ? [] : [`- ${a[i]}`]), ...(b[i] === undefined ? [] : [`+ ${b[i]}`]));
  return out.join('\n');
}

const servers: RunningServer[] = [];
const identical: string[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  if (existsSync(KUBECTL))
    console.log(`parity: ${identical.length} of ${scripts.length} scripts byte-identical with the real kubectl; ${GAPS.length} known gap(s) listed in src/serve/parity/known-gaps.json`);
});

if (!existsSync(KUBECTL)) console.warn(`parity: skipped — no kubectl binary at ${KUBECTL}`);

const scripts = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.sh')).sort() : [];

describe.skipIf(!existsSync(KUBECTL))('parity with the real kubectl', () => {
  for (const file of scripts)
    it(`${file} prints what the real kubectl prints`, async () => {
      const { emu, real, server, config, cwd } = await bootPair(1);
      servers.push(server);
      const shell = createShell({
        client: clientForCluster(emu),
        interactive: false,
        crlf: false,
        streamLimitMs: 30_000,
        sleep: async (ms) => emu.clock.advance(ms),
        node: (n) => emu.node(n),
      });
      let out = '';
      let err = '';
      shell.onOutput((t, s) => {
        if (s === 'stderr') err += t;
        else out += t;
      });
      const mismatches: { command: string; ours: Result; theirs: Result }[] = [];
      for (const cmd of units(readFileSync(join(DIR, file), 'utf8'))) {
        const sl = slowAge.exec(cmd.trim());
        if (sl) {
          const ms = Number(sl[1]) * (sl[2] === 'm' ? 60_000 : 1000);
          emu.clock.advance(ms);
          real.clock.advance(ms);
          continue;
        }
        out = err = '';
        for (const line of cmd.split('\n')) await shell.feed(line);
        emu.clock.settle();
        const ours: Result = { out: normalise(out, cmd), err: normalise(err, cmd), code: shell.session.lastCode };
        const t = await bash(cmd, cwd, config);
        real.clock.settle();
        const theirs: Result = { out: normalise(t.out, cmd), err: normalise(t.err, cmd), code: t.code };
        const same = ours.out === theirs.out && ours.err === theirs.err && ours.code === theirs.code;
        const known = GAPS.some((g) => g.script === file && g.command === cmd.split('\n')[0]);
        if (!same && !known) mismatches.push({ command: cmd.split('\n')[0], ours, theirs });
        if (same && known) mismatches.push({ command: `${cmd.split('\n')[0]}  (listed as a known gap, but it matches now: remove it from known-gaps.json)`, ours, theirs });
      }
      // PARITY_DIFF=1 prints each mismatch as a unified diff (ours → the real kubectl's)
      if (process.env.PARITY_DIFF) for (const m of mismatches) console.log(`--- ${file}: ${m.command}\n${lineDiff(m.ours, m.theirs)}`);
      // PARITY_OUT=DIR writes both sides of each mismatch to DIR/<script>.<n>.{ours,theirs}
      if (process.env.PARITY_OUT)
        mismatches.forEach((m, i) => {
          const show = (r: Result) => `$ ${m.command}\n${r.out}--- stderr (exit ${r.code})\n${r.err}`;
          writeFileSync(join(process.env.PARITY_OUT!, `${file}.${i}.ours`), show(m.ours));
          writeFileSync(join(process.env.PARITY_OUT!, `${file}.${i}.theirs`), show(m.theirs));
        });
      expect(mismatches).toEqual([]);
      if (!GAPS.some((g) => g.script === file)) identical.push(file);
    }, 180_000);
});
