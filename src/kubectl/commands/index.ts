/** The command table: every verb, in kubectl's registration order (used by "did you mean"). */
import type { Command } from '../command';
import { applyCommand } from './apply';
import { cpCommand } from './cp';
import { createCommand } from './create';
import { deleteCommand } from './delete';
import { describeCommand } from './describe';
import { autoscaleCommand } from './autoscale';
import { diffCommand } from './diff';
import { editCommand, replaceCommand } from './edit';
import { eventsCommand } from './events';
import { execCommand } from './exec';
import { explainCommand } from './explain';
import { exposeCommand } from './expose';
import { apiResourcesCommand, apiVersionsCommand, authCommand, clusterInfoCommand, configCommand, optionsCommand, topCommand, unavailable, versionCommand } from './info';
import { cordonCommand, drainCommand, taintCommand, uncordonCommand } from './nodes';
import { waitCommand } from './wait';
import { getCommand } from './get';
import { annotateCommand, labelCommand } from './label';
import { logsCommand } from './logs';
import { patchCommand } from './patch';
import { rolloutCommand } from './rollout';
import { runCommand } from './run';
import { scaleCommand } from './scale';
import { setCommand } from './set';

export const COMMAND_ORDER = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale', 'certificate',
  'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec', 'port-forward',
  'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize', 'label', 'annotate',
  'completion', 'alpha', 'api-resources', 'api-versions', 'config', 'plugin', 'version', 'options',
];

export const COMMANDS: Record<string, Command> = {
  get: getCommand,
  apply: applyCommand,
  create: createCommand,
  delete: deleteCommand,
  run: runCommand,
  exec: execCommand,
  logs: logsCommand,
  scale: scaleCommand,
  label: labelCommand,
  annotate: annotateCommand,
  patch: patchCommand,
  set: setCommand,
  rollout: rolloutCommand,
  describe: describeCommand,
  expose: exposeCommand,
  edit: editCommand,
  replace: replaceCommand,
  cordon: cordonCommand,
  uncordon: uncordonCommand,
  drain: drainCommand,
  taint: taintCommand,
  wait: waitCommand,
  explain: explainCommand,
  'api-resources': apiResourcesCommand,
  'api-versions': apiVersionsCommand,
  version: versionCommand,
  'cluster-info': clusterInfoCommand,
  config: configCommand,
  auth: authCommand,
  top: topCommand,
  autoscale: autoscaleCommand,
  diff: diffCommand,
  events: eventsCommand,
  options: optionsCommand,
  cp: cpCommand,
  completion: { name: 'completion', rawArgs: true, flags: [], run: (ctx) => (ctx.out('# completion is built into this terminal: press Tab\n'), 0) },
  ...Object.fromEntries(
    ['certificate', 'attach', 'port-forward', 'proxy', 'debug', 'kustomize', 'alpha', 'plugin'].map((n) => [n, unavailable(n)]),
  ),
};
