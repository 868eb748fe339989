/**
 * The ONE place that loads threads.js.
 *
 * `require("threads")` installs SIGINT and SIGTERM listeners that terminate every worker and then
 * call `process.exit(0)`. In a tslab kernel that means interrupting a cell that awaits a worker kills
 * the kernel. We load threads here, compare `process.listeners(...)` before and after the require
 * and remove exactly the listeners it added. The pool terminates its own workers instead
 * (`shutdown()`), and idle workers never keep a process alive, so nothing is orphaned.
 *
 * threads' own type declarations carry `/// <reference lib="dom" />`, which would pull the DOM
 * library into every file of the program; we declare the few members we use ourselves instead.
 */
import type { Worker as NodeWorker } from "worker_threads";

/** The threads.js `Worker`: a `worker_threads.Worker` whose script path is resolved relative to the calling module. */
export type ThreadsWorker = NodeWorker;

/** A thread returned by `spawn(worker)` for a worker that `expose`d a module. */
export type ModuleThread<Api> = {
  [K in keyof Api]: Api[K] extends (...args: infer A) => infer R
    ? (...args: { [I in keyof A]: A[I] | TransferDescriptor<A[I]> }) => Promise<R extends TransferDescriptor<infer T> ? T : Awaited<R>>
    : never;
};

/** What `Transfer(payload, transferables)` returns. */
export interface TransferDescriptor<T = unknown> {
  send: T;
  transferables: Transferable[];
}

type Transferable = ArrayBuffer | MessagePortLike;
interface MessagePortLike { postMessage(v: unknown): void }

export interface ThreadsApi {
  spawn<Api>(worker: ThreadsWorker, options?: { timeout?: number }): Promise<ModuleThread<Api>>;
  Pool: unknown;
  Worker: new (scriptPath: string, options?: Record<string, unknown>) => ThreadsWorker;
  Transfer<T>(payload: T, transferables: ArrayBuffer[]): TransferDescriptor<T>;
  Thread: { terminate(thread: unknown): Promise<void> };
}

export interface ThreadsWorkerApi {
  expose(exposed: Record<string, (...args: never[]) => unknown>): void;
  Transfer<T>(payload: T, transferables: ArrayBuffer[]): TransferDescriptor<T>;
  isWorkerRuntime(): boolean;
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

let threadsApi: ThreadsApi | undefined;
let threadsWorkerApi: ThreadsWorkerApi | undefined;

/**
 * Require `modulePath` and remove any SIGINT/SIGTERM listener it added. Exported for tests.
 * @internal
 */
export function requireWithoutSignalHandlers<T>(modulePath: string): T {
  const before = new Map<string, Function[]>(SIGNALS.map((s) => [s, process.listeners(s)]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as T;
  for (const sig of SIGNALS) {
    const old = before.get(sig)!;
    for (const listener of process.listeners(sig)) {
      if (!old.includes(listener)) process.removeListener(sig, listener as (...args: unknown[]) => void);
    }
  }
  return mod;
}

/** The threads.js master API (`spawn`, `Pool`, `Worker`, `Transfer`, `Thread`), loaded once, without its signal handlers. */
export function loadThreads(): ThreadsApi {
  if (!threadsApi) {
    const t = requireWithoutSignalHandlers<ThreadsApi>("threads");
    threadsApi = { spawn: t.spawn, Pool: t.Pool, Worker: t.Worker, Transfer: t.Transfer, Thread: t.Thread };
  }
  return threadsApi;
}

/** The threads.js worker-side API (`expose`, `Transfer`), for the worker entry point. */
export function loadThreadsWorker(): ThreadsWorkerApi {
  if (!threadsWorkerApi) {
    const t = requireWithoutSignalHandlers<ThreadsWorkerApi>("threads/worker");
    threadsWorkerApi = { expose: t.expose, Transfer: t.Transfer, isWorkerRuntime: t.isWorkerRuntime };
  }
  return threadsWorkerApi;
}
