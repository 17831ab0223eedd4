/**
 * `npm run test:e2e`: build the site, serve it, run the e2e files with node's test runner,
 * stop the server. `E2E_SKIP_BUILD=1` reuses an existing dist/.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { build, preview } from './serve';

const port = Number(process.env.E2E_PORT ?? 4329);
if (!process.env.E2E_SKIP_BUILD) build();
const server = await preview(port);
let code = 1;
try {
  const files = readdirSync('test/e2e').filter((f) => f.endsWith('.e2e.ts')).map((f) => `test/e2e/${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
    stdio: 'inherit',
    env: { ...process.env, BASE_URL: server.url },
  });
  code = r.status ?? 1;
} finally {
  server.stop();
}
process.exit(code);
