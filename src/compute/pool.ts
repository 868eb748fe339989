/**
 * The shared worker pool.
 *
 * - Lazily created (`getPool()`), N workers (N = `os.cpus().length` unless told); workers are spawned
 *   on demand, the first time a run needs them, and kept warm afterwards.
 * - Idle workers never keep a Node process alive: a worker is `ref()`ed while it has tasks and
 *   `unref()`ed as soon as it has none, so a script ends when its work ends. `shutdown()` terminates
 *   the pool explicitly (export it as `spy.shutdown()`); a later call creates a new pool.
 * - A worker that dies (`process.exit` inside it, out of memory, an uncaught asynchronous error)
 *   fails the tasks it held; the worker is replaced the next time one is needed. A shared progress
 *   word (SharedArrayBuffer) tells which unit of which task was running, so the error names the trial.
 *
 * We schedule on threads.js `spawn`ed threads ourselves rather than through threads' `Pool`: its
 * tasks cost ~1 ms each (a `setTimeout(0)` per task), it cannot notice a worker that exited (the task
 * would hang forever), and it cannot ref/unref workers. Each worker gets at most two tasks at a time
 * (one running, one waiting in its message queue) so it never idles for a round trip.
 *
 * `runTasks()` is the ordered, windowed driver the routine uses: it pulls tasks from a producer only
 * when there is room (at most `maxInFlight` produced and not yet consumed, and a worker free to
 * take the task), and hands replies to the consumer strictly in production order.
 */
import os from "os";
import { performance } from "perf_hooks";
import { SPYComputeError, SPYParallelError, SPYTypeError } from "../core/errors";
import { checkInteger } from "../core/keywords";
import { checkCloneable } from "../core/cloneable";
import { loadThreads, ModuleThread, ThreadsWorker } from "./threadsLoader";
import { keywordErrorOf } from "./ndutil";
import { abortReason } from "./interrupt";
import type { TaskMessage, TaskReply, TaskReplyOk, WorkerApi } from "./protocol";
import { dropKeptBuffers } from "./keptBuffers";

/** Tasks a worker holds at once (one running, one queued in its message port). */
const DEPTH = 2;
/** How long a worker may take to start (ts-node workers take ~1 s, more on a loaded machine). */
const START_TIMEOUT_MS = 30000;

/**
 * A worker ended while it held tasks: a failure of the pool (Syncopy's SPYParallelError). Users
 * see it as the `cause` of the SPYComputeError that names the trial it was computing.
 */
export class WorkerExitError extends SPYParallelError {
  readonly exitCode: number;
  /** The index (within its task) of the unit that was running, when known. */
  readonly unit: number | undefined;
  /** Whether the task had started on the worker when it ended. */
  readonly started: boolean;
  constructor(message: string, exitCode: number, unit: number | undefined, started: boolean) {
    super(message);
    this.exitCode = exitCode;
    this.unit = unit;
    this.started = started;
  }
}

interface Pending {
  owner?: object;
  message: TaskMessage;
  transfer: ArrayBuffer[];
  maxWorkers: number;
  resolve: (r: TaskReply) => void;
  reject: (e: Error) => void;
}

interface Slot {
  index: number;
  worker: ThreadsWorker;
  thread?: ModuleThread<WorkerApi>;
  state: "starting" | "ready" | "dead";
  outstanding: Pending[];
  seenKwargs: Set<string>;
  progressSab: SharedArrayBuffer;
  progress: Int32Array;
  lastError?: string;
  /** Set when we end the worker on purpose (shutdown). */
  terminating: boolean;
  /** Set when we end the worker because it reported an uncaught error. */
  killReason?: string;
  reffed: boolean;
  /** Settles when threads' `spawn` handshake does (successfully or not). */
  started: Promise<void>;
}

export interface RunTasksOptions<T> {
  /** Build task number `seq`, or return null when there is no more work. Called only when there is room. */
  produce(seq: number): PreparedTask<T> | null;
  /**
   * Receive the reply of task `seq`, strictly in `seq` order. A returned promise holds the next
   * consume back until it settles (its task still counts as in flight meanwhile); a rejection
   * fails the run like a throw.
   */
  consume(seq: number, reply: TaskReplyOk, tag: T): void | Promise<void>;
  /** Workers to use (default: the pool's size; the pool grows if asked for more). */
  nWorkers?: number;
  /**
   * Tasks produced and not yet consumed, at most (default 2 x nWorkers). A window larger than the
   * workers' depth keeps them busy while an early, long task holds back the replies after it
   * (consumed in order); tasks are still produced only when a worker can take one at once (at most
   * DEPTH x nWorkers submitted and not replied), each with the cost measured until then.
   */
  maxInFlight?: number;
  /**
   * Aborting it stops the run at once: nothing more is produced or consumed, the tasks no worker
   * has yet are withdrawn, the workers that hold this run's tasks are ended (a compute function
   * cannot be stopped otherwise; the pool spawns fresh workers when it next needs them), and the
   * call rejects with the signal's reason (a SPYInterruptError unless it is an Error).
   */
  signal?: AbortSignal;
}

export interface PreparedTask<T> {
  message: TaskMessage;
  transfer: ArrayBuffer[];
  tag: T;
  /** Original trial index of unit `i` of this task (for error messages). */
  trialOf(unit: number): number;
}

export interface RunTasksStats {
  tasks: number;
  nWorkers: number;
  /** Sum of the time the workers spent on the tasks, ms. */
  workerMs: number;
  /** Wall time of the run, ms. */
  wallMs: number;
}

let nextTaskId = 1;

export class ComputePool {
  private _size: number;
  private slots: Array<Slot | undefined> = [];
  private queue: Pending[] = [];
  private closed = false;
  /** kwargs keys whose kwargs passed checkCloneable. */
  private checkedKwargs = new Set<string>();

  constructor(size: number = os.cpus().length) {
    checkInteger(size, "nWorkers", { min: 1 });
    this._size = size;
  }

  /** The number of workers the pool may run. */
  get size(): number { return this._size; }

  /** Workers currently alive (starting or ready). */
  get liveWorkers(): number {
    return this.slots.filter((s) => s && s.state !== "dead").length;
  }

  /** Tasks waiting for a worker. */
  get queued(): number { return this.queue.length; }

  /** Allow at least `n` workers. */
  ensureSize(n: number): void {
    checkInteger(n, "nWorkers", { min: 1 });
    if (n > this._size) this._size = n;
  }

  /** The thread ids of the live workers (for tests). */
  threadIds(): number[] {
    return this.slots.filter((s): s is Slot => !!s && s.state !== "dead").map((s) => s.worker.threadId);
  }

  /** Send one task to a worker (spawning one if needed). Rejects with WorkerExitError if its worker dies. */
  submit(message: TaskMessage, transfer: ArrayBuffer[], maxWorkers = this._size, owner?: object): Promise<TaskReply> {
    if (this.closed) return Promise.reject(new SPYParallelError("the compute pool has been shut down"));
    // a function or class instance in the kwargs: name it now, before a worker is spawned for it
    // (structured clone would fail after the kwargs were marked as sent). Once per kwargs key.
    if (message.kwargs !== undefined && !this.checkedKwargs.has(message.kwargsKey)) {
      try {
        checkCloneable(message.kwargs, "kwargs");
      } catch (e) {
        return Promise.reject(e);
      }
      if (this.checkedKwargs.size > 10000) this.checkedKwargs.clear();
      this.checkedKwargs.add(message.kwargsKey);
    }
    return new Promise<TaskReply>((resolve, reject) => {
      this.queue.push({ owner, message, transfer, maxWorkers: Math.max(1, Math.min(maxWorkers, this._size)), resolve, reject });
      this.pump();
    });
  }

  /** Withdraw the tasks of `owner` that no worker has received yet (they reject with a cancellation error). */
  cancelQueued(owner: object): number {
    const mine = this.queue.filter((p) => p.owner === owner);
    if (mine.length === 0) return 0;
    this.queue = this.queue.filter((p) => p.owner !== owner);
    for (const p of mine) p.reject(new Error("cancelled after an earlier failure"));
    return mine.length;
  }

  /**
   * Run a stream of tasks: at most `maxInFlight` produced and not yet consumed, replies consumed in
   * order. On the first failure no further task is produced; the call settles once the tasks in
   * flight have, rejecting with SPYComputeError naming the trial (a cF error, or the death of its
   * worker) or with the error `produce`/`consume` threw.
   */
  runTasks<T>(opts: RunTasksOptions<T>): Promise<RunTasksStats> {
    const nWorkers = opts.nWorkers ?? this._size;
    this.ensureSize(nWorkers);
    const maxInFlight = Math.max(1, opts.maxInFlight ?? 2 * nWorkers);
    const t0 = performance.now();
    return new Promise<RunTasksStats>((resolve, reject) => {
      let produced = 0;
      let consumedUpTo = 0;        // next seq to consume
      let outstanding = 0;         // submitted, not yet replied
      let exhausted = false;
      let workerMs = 0;
      const done = new Map<number, { reply: TaskReplyOk; task: PreparedTask<T> }>();
      let failure: { rank: number; seq: number; error: Error } | undefined;
      let settled = false;

      const owner = {};
      const signal = opts.signal;
      let onAbort: (() => void) | undefined;
      const setFailure = (rank: number, seq: number, error: Error) => {
        const first = !failure;
        if (!failure || rank < failure.rank || (rank === failure.rank && seq < failure.seq)) failure = { rank, seq, error };
        if (first) this.cancelQueued(owner);         // stop scheduling: withdraw what no worker has yet
      };
      const finish = () => {
        if (settled || outstanding > 0 || consuming) return;
        if (onAbort) signal!.removeEventListener("abort", onAbort);
        if (failure) {
          settled = true;
          reject(failure.error);
        } else if (exhausted && done.size === 0) {
          settled = true;
          resolve({ tasks: produced, nWorkers, workerMs, wallMs: performance.now() - t0 });
        }
      };
      let consuming = false; // an asynchronous consume has not settled yet
      const drain = () => {
        while (!failure && !consuming && done.has(consumedUpTo)) {
          const { reply, task } = done.get(consumedUpTo)!;
          done.delete(consumedUpTo);
          const seq = consumedUpTo;
          let pending: void | Promise<void> = undefined;
          try {
            pending = opts.consume(seq, reply, task.tag);
          } catch (e) {
            setFailure(-1, seq, e instanceof Error ? e : new Error(String(e)));
          }
          if (pending instanceof Promise) {
            consuming = true;
            pending.then(
              () => { consuming = false; consumedUpTo++; step(); },
              (e) => { consuming = false; consumedUpTo++; setFailure(-1, seq, e instanceof Error ? e : new Error(String(e))); step(); },
            );
            return;
          }
          consumedUpTo++;
        }
      };
      const fill = () => {
        while (!failure && !exhausted && produced - consumedUpTo < maxInFlight && outstanding < DEPTH * nWorkers) {
          let task: PreparedTask<T> | null;
          try {
            task = opts.produce(produced);
          } catch (e) {
            setFailure(-1, produced, e instanceof Error ? e : new Error(String(e)));
            break;
          }
          if (!task) {
            exhausted = true;
            break;
          }
          const seq = produced++;
          outstanding++;
          const t = task;
          this.submit(t.message, t.transfer, nWorkers, owner).then(
            (reply) => {
              outstanding--;
              workerMs += reply.workerMs;
              if (reply.ok) {
                done.set(seq, { reply, task: t });
              } else {
                const err = keywordErrorOf(reply, reply.trial)
                  ?? new SPYComputeError(`trial ${reply.trial}: ${reply.message}`, reply.trial, reply.message);
                err.cause = { name: reply.name, message: reply.message, stack: reply.stack };
                if (reply.stack) err.stack = `${err.name}: ${err.message}\n    --- in the worker ---\n${reply.stack}`;
                setFailure(0, seq, err);
              }
              step();
            },
            (e: Error) => {
              outstanding--;
              setFailure(...this.describeFailure(seq, t, e));
              step();
            },
          );
        }
      };
      const step = () => {
        drain();
        fill();
        if (failure) done.clear();
        finish();
      };
      if (signal) {
        onAbort = () => {
          setFailure(-2, -1, abortReason(signal));
          done.clear();
          void this.abortOwner(owner, failure!.error);
          finish();
        };
        if (signal.aborted) {
          failure = { rank: -2, seq: -1, error: abortReason(signal) };
          finish();
          return;
        }
        signal.addEventListener("abort", onAbort, { once: true });
      }
      step();
    });
  }

  /**
   * Stop the tasks of `owner` now: withdraw those no worker has yet and END the workers that hold
   * any (a running compute function cannot be stopped otherwise); their tasks reject with `reason`
   * (another run's tasks on such a worker with a WorkerExitError). The pool stays usable: it spawns
   * fresh workers when it next needs them. Resolves when the workers have ended.
   */
  abortOwner(owner: object, reason: Error): Promise<void> {
    const queued = this.queue.filter((p) => p.owner === owner);
    this.queue = this.queue.filter((p) => p.owner !== owner);
    for (const p of queued) p.reject(reason);
    const { Thread } = loadThreads();
    const ends: Promise<unknown>[] = [];
    for (const slot of this.slots) {
      if (!slot || slot.state === "dead" || !slot.outstanding.some((p) => p.owner === owner)) continue;
      slot.terminating = true;
      slot.state = "dead";
      if (this.slots[slot.index] === slot) this.slots[slot.index] = undefined;
      for (const p of slot.outstanding.splice(0)) {
        p.reject(p.owner === owner ? reason : new WorkerExitError("worker ended by another run's interrupt", 1, undefined, false));
      }
      ends.push(slot.started.then(async () => { await (slot.thread ? Thread.terminate(slot.thread) : slot.worker.terminate()); }));
    }
    this.pump();
    return Promise.allSettled(ends).then(() => undefined);
  }

  private describeFailure<T>(seq: number, task: PreparedTask<T>, e: Error): [number, number, Error] {
    if (e.message === "cancelled after an earlier failure") return [2, seq, e];
    // submit's kwargs check: the user's keyword, not a trial's failure
    if (e instanceof SPYTypeError) return [-1, seq, e];
    if (e instanceof WorkerExitError) {
      const unit = e.unit ?? 0;
      const trial = task.trialOf(unit);
      const msg = e.started
        ? `trial ${trial}: ${e.message} while computing it`
        : `trial ${trial}: not computed: ${e.message}`;
      const err = new SPYComputeError(msg, trial, e.message);
      err.cause = e;
      return [e.started ? 0 : 1, seq, err];
    }
    const trial = task.trialOf(0);
    const err = new SPYComputeError(`trial ${trial}: ${e.message}`, trial, e.message);
    err.cause = e;
    return [1, seq, err];
  }

  /** Terminate every worker; pending tasks are rejected. The pool cannot be used afterwards. */
  async terminate(): Promise<void> {
    this.closed = true;
    const queued = this.queue.splice(0);
    for (const p of queued) p.reject(new SPYParallelError("the compute pool was shut down"));
    const { Thread } = loadThreads();
    const ends: Promise<unknown>[] = [];
    for (const slot of this.slots) {
      if (!slot || slot.state === "dead") continue;
      slot.terminating = true;
      for (const p of slot.outstanding.splice(0)) p.reject(new SPYParallelError("the compute pool was shut down"));
      // A worker still starting is let finish its handshake first: threads' spawn() keeps a
      // (non-cancellable) start timer running until the worker answers.
      ends.push(slot.started.then(async () => { await (slot.thread ? Thread.terminate(slot.thread) : slot.worker.terminate()); }));
    }
    this.slots = [];
    await Promise.allSettled(ends);
  }

  // ---------------------------------------------------------------------------------------------

  private pump(): void {
    if (this.closed) return;
    let qi = 0;
    while (qi < this.queue.length) {
      const p = this.queue[qi];
      let best: Slot | undefined;
      for (let i = 0; i < p.maxWorkers; i++) {
        let s = this.slots[i];
        if (!s || s.state === "dead") s = this.spawnSlot(i);
        if (s.state === "ready" && s.outstanding.length < DEPTH && (!best || s.outstanding.length < best.outstanding.length)) best = s;
      }
      if (!best) {
        qi++;
        continue;
      }
      this.queue.splice(qi, 1);
      this.post(best, p);
    }
  }

  private post(slot: Slot, p: Pending): void {
    const msg = p.message;
    msg.progress = slot.progressSab;
    if (slot.seenKwargs.has(msg.kwargsKey)) msg.kwargs = undefined;
    else slot.seenKwargs.add(msg.kwargsKey);
    slot.outstanding.push(p);
    this.updateRef(slot);
    const { Transfer } = loadThreads();
    slot.thread!.run(Transfer(msg, p.transfer)).then(
      (reply) => this.settle(slot, p, () => p.resolve(reply)),
      (err: Error) => this.settle(slot, p, () => p.reject(err instanceof Error ? err : new Error(String(err)))),
    );
  }

  private settle(slot: Slot, p: Pending, fn: () => void): void {
    const i = slot.outstanding.indexOf(p);
    if (i < 0) return;                   // already failed by the worker's death
    slot.outstanding.splice(i, 1);
    this.updateRef(slot);
    fn();
    this.pump();
  }

  private updateRef(slot: Slot): void {
    const busy = slot.state === "starting" || slot.outstanding.length > 0;
    if (busy && !slot.reffed) {
      slot.worker.ref();
      slot.reffed = true;
    } else if (!busy && slot.reffed) {
      slot.worker.unref();
      slot.reffed = false;
    }
  }

  private spawnSlot(index: number): Slot {
    const { Worker, spawn } = loadThreads();
    // The path is resolved relative to THIS module: dist/compute/worker.js, or src/compute/worker.ts
    // through ts-node under jest.
    const worker = new Worker("./worker");
    const progressSab = new SharedArrayBuffer(8);
    const progress = new Int32Array(progressSab);
    progress[0] = -1;
    const slot: Slot = {
      index, worker, state: "starting", outstanding: [], seenKwargs: new Set(), progressSab, progress,
      terminating: false, reffed: true, started: Promise.resolve(),
    };
    this.slots[index] = slot;
    worker.on("error", (e: Error) => {
      slot.lastError = e && e.message ? e.message : String(e);
    });
    worker.on("message", (m: { type?: string; error?: { message?: string } }) => {
      // threads.js reports errors thrown asynchronously in the worker this way, after init; the task
      // that was running may never answer: end the worker and fail what it held.
      if (m && m.type === "uncaughtError" && slot.state === "ready") {
        slot.killReason = `uncaught error in the worker: ${m.error?.message ?? "unknown"}`;
        void worker.terminate();
      }
    });
    worker.on("exit", (code: number) => this.onExit(slot, code));
    slot.started = spawn<WorkerApi>(worker, { timeout: START_TIMEOUT_MS }).then(
      (thread) => {
        slot.thread = thread;
        if (slot.terminating || slot.state !== "starting") return;
        slot.state = "ready";
        this.updateRef(slot);
        this.pump();
      },
      (e: Error) => {
        if (slot.terminating || slot.state !== "starting") return;
        slot.lastError = slot.lastError ?? e.message;
        void worker.terminate();
      },
    );
    return slot;
  }

  private onExit(slot: Slot, code: number): void {
    const wasStarting = slot.state === "starting";
    slot.state = "dead";
    if (this.slots[slot.index] === slot) this.slots[slot.index] = undefined;
    if (slot.terminating) return;
    const reason = slot.killReason ?? `worker exited with code ${code}${slot.lastError ? ` (${slot.lastError})` : ""}`;
    const runningTask = Atomics.load(slot.progress, 0);
    const runningUnit = Atomics.load(slot.progress, 1);
    const held = slot.outstanding.splice(0);
    let attributed = false;
    for (const p of held) {
      const started = p.message.taskId === runningTask;
      attributed ||= started;
      p.reject(new WorkerExitError(reason, code, started ? runningUnit : undefined, started));
    }
    if (!attributed && held.length > 0) {
      // it died between tasks (or while starting one): hold the first task responsible
      // (already rejected above as "not started"; nothing more to do)
    }
    if (wasStarting) {
      // It never came up: fail the tasks waiting for it rather than respawning in a loop.
      const err = new WorkerExitError(`a worker failed to start: ${reason}`, code, undefined, false);
      const waiting = this.queue.filter((p) => p.maxWorkers > slot.index);
      this.queue = this.queue.filter((p) => p.maxWorkers <= slot.index);
      for (const p of waiting) p.reject(err);
      return;
    }
    this.pump();
  }
}

let shared: ComputePool | undefined;

/** The shared pool, created on first use with `os.cpus().length` workers (or `nWorkers` when larger). */
export function getPool(nWorkers?: number): ComputePool {
  if (!shared) shared = new ComputePool(Math.max(os.cpus().length, nWorkers ?? 1));
  else if (nWorkers !== undefined) shared.ensureSize(nWorkers);
  return shared;
}

/** Whether the shared pool exists (for tests and `spy.shutdown()` reporting). */
export function hasPool(): boolean {
  return shared !== undefined;
}

/** Terminate the shared pool's workers (`spy.shutdown()`). The next parallel run starts a new pool. */
export async function shutdown(): Promise<void> {
  const p = shared;
  shared = undefined;
  dropKeptBuffers();
  if (p) await p.terminate();
}

/** A fresh task id (unique per process). */
export function newTaskId(): number {
  const id = nextTaskId;
  nextTaskId = nextTaskId >= 0x7ffffff0 ? 1 : nextTaskId + 1;
  return id;
}
