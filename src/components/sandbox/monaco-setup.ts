/**
 * Monaco with monaco-yaml and the Kubernetes JSON Schema (validation, completion, hover).
 * Only ever loaded by a dynamic import from the editor view: it is about 1.4 MB gzip.
 */
import * as monaco from 'monaco-editor';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import YamlWorker from './yaml.worker.js?worker';
import k8sSchema from '../../sim/api/schema/k8s.schema.json';

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()),
};

configureMonacoYaml(monaco, {
  enableSchemaRequest: false, // the site never fetches from elsewhere
  isKubernetes: true,
  validate: true,
  completion: true,
  hover: true,
  schemas: [{ uri: 'inmemory://kubelab/k8s-1.32.json', fileMatch: ['**/*.yaml', '**/*.yml'], schema: k8sSchema as never }],
});

(globalThis as { __monaco?: typeof monaco }).__monaco = monaco; // e2e tests read markers through this

export { monaco };
