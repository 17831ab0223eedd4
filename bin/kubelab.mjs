#!/usr/bin/env node
// kubelab's command line. Runs the TypeScript sources through tsx's loader, in process,
// so a clean clone needs only `npm ci`.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const entry = new URL('../src/cli/index.ts', import.meta.url);
const { main } = await import(fileURLToPath(entry));
const code = await main(process.argv.slice(2));
process.exitCode = code;
