/**
 * What a node offers to a shell logged into it (`ssh NODE`): its small file system
 * (with /etc/kubernetes/manifests for static pods), systemctl for the kubelet, and crictl.
 * Implemented by each simulated node; the shell uses only this interface.
 */
import type { NetClient } from '../containers/shell';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface NodeHost {
  readonly name: string;
  readFile(path: string): string | undefined;
  /** e.g. /etc/kubernetes/manifests/web.yaml → a static pod */
  writeFile(path: string, content: string): void;
  remove(path: string): boolean;
  /** names in a directory, or undefined when it is not a directory */
  list(dir: string): string[] | undefined;
  isDir(path: string): boolean;
  mkdir(path: string): void;
  /** stop|start|restart|status kubelet */
  systemctl(args: string[]): CommandResult;
  /** ps, images, pods, logs */
  crictl(args: string[]): CommandResult;
  /**
   * The node's network, for curl/wget typed on the node: pod IPs, ClusterIPs and
   * NodePorts answer; there is no cluster DNS on a node. Optional: hosts without a
   * network leave it out.
   */
  net?: NetClient;
  /**
   * Runs a command the node shell does not implement itself (curl, wget, nc, etcdctl,
   * etcdutl, ps aux …) on the node's disk and network; code 127 and
   * `NAME: command not found` when the node has no such program. Optional.
   */
  run?(argv: string[], stdin?: string): CommandResult;
}
