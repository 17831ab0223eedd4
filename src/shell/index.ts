/** The learner's shell: see ./shell for the session object the page and the CLI use. */
export { createShell, type Shell, type ShellOptions, type OutputStream } from './shell';
export { MemoryFs, type ShellFs } from './fs';
export { shellForCluster, type ClusterForShell } from './for-cluster';
