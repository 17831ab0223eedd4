/**
 * `--help` texts of the real kubectl v1.32, captured at dev time by ./help/capture.sh.
 */
import texts from './help/texts.json';

const HELP = texts as Record<string, string>;

export function helpText(path: string): string | undefined {
  return HELP[path];
}

export function hasHelp(path: string): boolean {
  return path in HELP;
}
