/**
 * `kubelab check [LAB…]`: proves labs headless (see src/labs/runner.ts). With no names,
 * checks every folder under labs/. Exit code 0 when all pass, 1 otherwise.
 */
import { listLabIds, loadLabFromDir } from '../labs/loader';
import { checkLab, formatReport } from '../labs/runner';
import { engine } from '../worker/engine';

export async function checkCommand(args: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const verbose = args.includes('-v') || args.includes('--verbose');
  const names = args.filter((a) => !a.startsWith('-'));
  const ids = names.length ? names : listLabIds();
  if (!ids.length) {
    out('no labs found under labs/\n');
    return 1;
  }
  let failed = 0;
  for (const id of ids) {
    try {
      const lab = await loadLabFromDir(id);
      const r = await checkLab(lab, engine);
      out(formatReport(r) + '\n');
      if (verbose || !r.ok) out(r.transcript.replace(/^/gm, '     | ') + '\n');
      if (!r.ok) failed++;
    } catch (e) {
      failed++;
      out(`FAIL ${id}\n     - ${(e as Error).message.replace(/\n/g, '\n       ')}\n`);
    }
  }
  out(`${ids.length - failed} of ${ids.length} lab${ids.length === 1 ? '' : 's'} pass\n`);
  return failed ? 1 : 0;
}

// Run directly: npx tsx src/cli/check.ts [LAB…]
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  void checkCommand(process.argv.slice(2)).then((code) => process.exit(code));
}
