/**
 * Command-line flags as cobra/pflag parse them: `--name=value`, `--name value`, `-n value`,
 * `-nvalue`, grouped booleans `-it`, `--flag=false`, interspersed arguments, and `--`
 * ending flag parsing (what follows is kept apart, as cobra's ArgsLenAtDash).
 */
export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'stringSlice' | 'duration';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default?: unknown;
}

export interface Parsed {
  args: string[];
  /** arguments after `--` */
  dash?: string[];
  flags: Record<string, unknown>;
  /** flags the user gave explicitly */
  set: Set<string>;
}

/** Flags every kubectl command accepts. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string', default: '' },
  { name: 'context', type: 'string', default: '' },
  { name: 'cluster', type: 'string', default: '' },
  { name: 'user', type: 'string', default: '' },
  { name: 'kubeconfig', type: 'string', default: '' },
  { name: 'request-timeout', type: 'string', default: '0' },
  { name: 'server', short: 's', type: 'string', default: '' },
  { name: 'v', short: 'v', type: 'string', default: '0' },
  { name: 'as', type: 'string', default: '' },
  { name: 'help', short: 'h', type: 'bool', default: false },
  { name: 'insecure-skip-tls-verify', type: 'bool', default: false },
  { name: 'match-server-version', type: 'bool', default: false },
  { name: 'warnings-as-errors', type: 'bool', default: false },
];

export function parseFlags(argv: string[], specs: FlagSpec[]): Parsed | { error: string } {
  // a command's own flag wins over a global one of the same name (create rolebinding --user)
  const all = [...GLOBAL_FLAGS.filter((g) => !specs.some((s) => s.name === g.name || (g.short && s.short === g.short))), ...specs];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: Record<string, unknown> = {};
  for (const s of all) flags[s.name] = s.type === 'stringArray' || s.type === 'stringSlice' ? [] : s.default;
  const set = new Set<string>();
  const args: string[] = [];
  let dash: string[] | undefined;
  const assign = (spec: FlagSpec, value: string, shown: string): string | undefined => {
    set.add(spec.name);
    switch (spec.type) {
      case 'bool':
        if (!['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False'].includes(value))
          return `invalid argument "${value}" for "${shown}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`;
        flags[spec.name] = ['true', '1', 't', 'TRUE', 'True'].includes(value);
        return;
      case 'int':
        if (!/^[-+]?\d+$/.test(value)) return `invalid argument "${value}" for "${shown}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`;
        flags[spec.name] = parseInt(value, 10);
        return;
      case 'stringArray':
        (flags[spec.name] as string[]).push(value);
        return;
      case 'stringSlice':
        (flags[spec.name] as string[]).push(...(value === '' ? [] : value.split(',')));
        return;
      default:
        flags[spec.name] = value;
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (dash) {
      dash.push(a);
      continue;
    }
    if (a === '--') {
      dash = [];
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) return { error: `unknown flag: --${name}` };
      const shown = spec.short ? `-${spec.short}, --${name}` : `--${name}`;
      let value: string;
      if (eq >= 0) value = a.slice(eq + 1);
      else if (spec.type === 'bool') value = 'true';
      else {
        if (i + 1 >= argv.length) return { error: `flag needs an argument: --${name}` };
        value = argv[++i];
      }
      const e = assign(spec, value, shown);
      if (e) return { error: e };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      let j = 1;
      while (j < a.length) {
        const c = a[j];
        const spec = byShort.get(c);
        if (!spec) return { error: `unknown shorthand flag: '${c}' in ${a}` };
        const shown = `-${c}, --${spec.name}`;
        if (spec.type === 'bool') {
          if (a[j + 1] === '=') {
            const e = assign(spec, a.slice(j + 2), shown);
            if (e) return { error: e };
            break;
          }
          assign(spec, 'true', shown);
          j++;
          continue;
        }
        let value = a.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (value === '') {
          if (i + 1 >= argv.length) return { error: `flag needs an argument: '${c}' in -${c}` };
          value = argv[++i];
        }
        const e = assign(spec, value, shown);
        if (e) return { error: e };
        break;
      }
      continue;
    }
    args.push(a);
  }
  return { args, dash, flags, set };
}
