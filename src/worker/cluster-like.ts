/**
 * The slice of the engine's `Cluster` that the sandbox host uses. Written as an interface
 * so the host, the lab runner and their tests depend on the contract, not on the engine's
 * insides (see notes/core-contract.md).
 */
import type { ApiRequest, ApiResponse, WatchEvent, WatchHandle } from '../sim/api/types';
import type { KindRegistry } from '../sim/api/registry';

export interface ClockLike {
  now(): number;
  iso(ms?: number): string;
  advance(ms: number): void;
  step(): boolean;
  runUntilIdle(maxMs?: number): void;
  nextAt(): number | undefined;
}

export interface ClusterLike {
  readonly clock: ClockLike;
  readonly api: { readonly kinds: KindRegistry };
  request(req: ApiRequest): ApiResponse;
  watch(req: ApiRequest, onEvent: (e: WatchEvent) => void): WatchHandle;
  snapshot(): unknown;
}

/** The shell another module provides (src/shell): it owns line editing and prompts. */
export interface ShellLike {
  input(data: string): void;
  onOutput(cb: (data: string) => void): void;
  runLine(line: string): unknown;
  complete?(line: string, cursor: number): unknown;
}
