/**
 * What kubectl needs from its surroundings: a client of the API's request interface (as a
 * real kubectl has only HTTP), and the terminal it runs in. It knows nothing of the engine.
 */
import type { ApiRequest, ApiResponse, WatchEvent, WatchHandle } from '../sim/api/types';
import type { KindInfo } from '../sim/api/registry';

export interface Client {
  request(req: ApiRequest): ApiResponse;
  watch(req: ApiRequest, onEvent: (e: WatchEvent) => void): WatchHandle;
  /** the virtual clock's now, in ms since the epoch */
  now(): number;
  /** discovery: the kinds the server serves (default: built-ins plus listed CRDs) */
  kinds?(): KindInfo[];
}

/** The learner's file system, as seen by `-f`. */
export interface FileSystem {
  read(path: string): string | undefined;
  write(path: string, content: string): void;
  isDir(path: string): boolean;
  /** names in a directory, undefined if not a directory */
  list(path: string): string[] | undefined;
}

export interface KubectlIO {
  out(text: string): void;
  err(text: string): void;
  /** standard input, for `-f -` */
  stdin?: string;
  fs?: FileSystem;
  /** advances (or waits for) virtual time */
  sleep(ms: number): Promise<void>;
  /** true once the user pressed Ctrl+C */
  cancelled(): boolean;
  /** opens an editor on text; undefined = the editor was closed without saving */
  edit?(text: string, fileName: string): Promise<string | undefined>;
  /** reads one line typed by the user for interactive sessions (exec -it); null at end of input */
  readLine?(prompt: string): Promise<string | null>;
  /** whether a person is at the terminal (prompts are shown) */
  interactive?: boolean;
  /** how long streaming commands (-w, -f) run when nobody can press Ctrl+C, in virtual ms */
  streamLimitMs?: number;
}

/** kubeconfig state that `config` commands change and every command reads. */
export interface KubeConfig {
  currentContext: string;
  contexts: { name: string; cluster: string; user: string; namespace?: string }[];
}
