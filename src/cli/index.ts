/**
 * `kubelab` subcommand dispatch. Each subcommand is a module exporting
 * `run(argv): Promise<number>`; others (check, serve) add themselves to the table.
 */
export interface CliCommand {
  summary: string;
  run(argv: string[]): Promise<number>;
}

export const CLI_COMMANDS: Record<string, () => Promise<CliCommand>> = {
  shell: async () => (await import('./shell')).shellCli,
};

/** Registers a subcommand (for modules added by other parts of the project). */
export function registerCli(name: string, load: () => Promise<CliCommand>): void {
  CLI_COMMANDS[name] = load;
}

const SUMMARIES: Record<string, string> = {
  check: 'prove labs: start state, solution, every check',
  serve: 'serve the simulated cluster over HTTP for the real kubectl',
};

async function optional(name: string, path: string): Promise<void> {
  if (CLI_COMMANDS[name]) return;
  try {
    const m = (await import(/* @vite-ignore */ path)) as Record<string, unknown>;
    const c = (m.command ?? m.default) as CliCommand | undefined;
    const fn = m[`${name}Command`] as ((args: string[]) => Promise<number>) | undefined;
    if (c && typeof c.run === 'function') CLI_COMMANDS[name] = async () => c;
    else if (typeof fn === 'function') CLI_COMMANDS[name] = async () => ({ summary: SUMMARIES[name] ?? '', run: (argv) => fn(argv) });
  } catch {
    // not written yet
  }
}

export async function main(argv: string[]): Promise<number> {
  await optional('check', './check');
  await optional('serve', './serve');
  const [sub, ...rest] = argv;
  const load = sub ? CLI_COMMANDS[sub] : undefined;
  if (!load) {
    const names = Object.keys(CLI_COMMANDS).sort();
    const out = sub === undefined || sub === '--help' || sub === '-h' ? process.stdout : process.stderr;
    if (sub && sub !== '--help' && sub !== '-h') out.write(`kubelab: unknown command "${sub}"\n\n`);
    out.write(`Usage: kubelab <command> [options]\n\nCommands:\n`);
    for (const n of names) {
      const c = await CLI_COMMANDS[n]();
      out.write(`  ${n.padEnd(8)} ${c.summary}\n`);
    }
    return sub && sub !== '--help' && sub !== '-h' ? 1 : 0;
  }
  const cmd = await load();
  return cmd.run(rest);
}
