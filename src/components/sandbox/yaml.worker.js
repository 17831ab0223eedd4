// monaco-yaml's worker through a local file: Vite cannot start it from node_modules directly (STACK.md §2.1).
import 'monaco-yaml/yaml.worker.js';
