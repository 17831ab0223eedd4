/** The shape of one kubectl verb (one file per verb under ./commands). */
import type { Ctx } from './context';
import type { FlagSpec } from './flags';

export interface Command {
  name: string;
  /** aliases cobra accepts (none for most verbs) */
  aliases?: string[];
  flags: FlagSpec[];
  /** subcommand names, for `did you mean` and completion */
  subcommands?: string[];
  /** commands whose subcommand chooses the flags (create, set, rollout, config) parse in run */
  rawArgs?: boolean;
  run(ctx: Ctx): Promise<number> | number;
}

/** Output and selection flags shared by get-like commands. */
export const OUTPUT_FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string', default: '' },
  { name: 'show-managed-fields', type: 'bool', default: false },
  { name: 'template', type: 'string', default: '' },
  { name: 'allow-missing-template-keys', type: 'bool', default: true },
];

export const FILE_FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool', default: false },
  { name: 'kustomize', short: 'k', type: 'string', default: '' },
];

export const DRY_RUN: FlagSpec = { name: 'dry-run', type: 'string', default: 'none' };
