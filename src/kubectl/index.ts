/**
 * The kubectl emulator's entry: argv in, exit code out, text through the terminal's I/O.
 * Dispatch follows cobra: root flags, command lookup with "did you mean", `--help`
 * texts of the real kubectl 1.32, flag errors worded as pflag's.
 */
import type { Command } from './command';
import { Ctx } from './context';
import { formatError } from './errors';
import { parseFlags } from './flags';
import { helpText } from './help';
import { didYouMean } from './suggest';
import type { Client, KubeConfig, KubectlIO } from './types';
import { COMMANDS, COMMAND_ORDER } from './commands';

export type { Client, KubectlIO, FileSystem, KubeConfig } from './types';

export interface Kubectl {
  /** Runs one kubectl invocation (argv without the leading `kubectl`). */
  run(argv: string[], io: KubectlIO): Promise<number>;
  readonly config: KubeConfig;
  /** command names, for completion */
  commands(): string[];
}

export function defaultKubeConfig(): KubeConfig {
  return {
    currentContext: 'kubernetes-admin@kubernetes',
    contexts: [{ name: 'kubernetes-admin@kubernetes', cluster: 'kubernetes', user: 'kubernetes-admin' }],
  };
}

export function createKubectl(client: Client, config: KubeConfig = defaultKubeConfig()): Kubectl {
  return {
    config,
    commands: () => COMMAND_ORDER.filter((n) => COMMANDS[n]),
    async run(argv, io) {
      try {
        return await dispatch(client, config, argv, io);
      } catch (e) {
        // a bug in a verb must not take the terminal down; show it like a client error
        io.err(formatError(`internal error: ${e instanceof Error ? e.message : String(e)}`));
        return 1;
      }
    },
  };
}

async function dispatch(client: Client, config: KubeConfig, argv: string[], io: KubectlIO): Promise<number> {
  // root-level flags before the command (kubectl -n dev get pods)
  let i = 0;
  const pre: string[] = [];
  while (i < argv.length && argv[i].startsWith('-')) {
    const a = argv[i];
    pre.push(a);
    i++;
    if (/^(-n|--namespace|--context|--kubeconfig|-s|--server|--cluster|--user|--as|-v|--v)$/.test(a) && i < argv.length) pre.push(argv[i++]);
  }
  const name = argv[i];
  if (name === undefined || ((pre.includes('-h') || pre.includes('--help')) && name === undefined)) {
    io.out(helpText('')!);
    return 0;
  }
  if (name === 'help') {
    const sub = argv.slice(i + 1).filter((a) => !a.startsWith('-')).join(' ');
    const h = helpText(sub);
    io.out(h ?? helpText('')!);
    return 0;
  }
  const cmd: Command | undefined = COMMANDS[name] ?? Object.values(COMMANDS).find((c) => c.aliases?.includes(name));
  if (!cmd) {
    io.err(`error: unknown command "${name}" for "kubectl"${didYouMean(name, COMMAND_ORDER)}`);
    if (!didYouMean(name, COMMAND_ORDER)) io.err(`\nRun 'kubectl --help' for usage.\n`);
    return 1;
  }
  const rest = [...pre, ...argv.slice(i + 1)];
  if (rest.includes('--help') || rest.includes('-h')) {
    const words = [cmd.name];
    for (const a of argv.slice(i + 1)) {
      if (a.startsWith('-')) break;
      if (helpText([...words, a].join(' ')) !== undefined) words.push(a);
      else break;
    }
    const h = helpText(words.join(' '));
    if (h !== undefined) {
      io.out(h);
      return 0;
    }
  }
  if (cmd.rawArgs) {
    const ctx = new Ctx(client, io, config, { args: rest, flags: { namespace: '' }, set: new Set() }, cmd.name, argv);
    return cmd.run(ctx);
  }
  const p = parseFlags(rest, cmd.flags);
  if ('error' in p) {
    io.err(`error: ${p.error}\nSee 'kubectl ${cmd.name} --help' for usage.\n`);
    return 1;
  }
  const ctx = new Ctx(client, io, config, p, cmd.name, argv);
  return cmd.run(ctx);
}
