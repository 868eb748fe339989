/**
 * ComputationalRoutine: Syncopy's CR life cycle (dry run, memory guard, sequential or parallel
 * computation, metadata, provenance log) in idiomatic TypeScript.
 *
 * ```ts
 * const cr = new ComputationalRoutine(cumsumCF, { module: __filename, name: "cumsumCF" }, { scale: 2 });
 * cr.initialize(source, { keeptrials: true, chanPerWorker: 16 });   // dry run: cr.outputShapes, cr.outputDtype
 * sink = storage.preallocate(cr.outputShapes, cr.outputDtype);       // the frontend's business
 * const { metadata } = await cr.compute(source, sink, { parallel: true });
 * out.log = cr.writeLog(data.log, { scale: 2 });
 * ```
 *
 * The engine knows nothing of data classes or files: trials come from a `TrialSource`, results go to
 * a `TrialSink` strictly in trial order from the main thread (the single writer), so a parallel run
 * writes exactly what a sequential one writes, bit for bit.
 *
 * Compute functions (see `ComputeFunction` in ./types):
 * - are pure and synchronous, and treat their input as read-only (in a sequential run it may be a
 *   view into the source's cache);
 * - with `ctx.noCompute` receive a faux trial whose `data` is EMPTY: they must read only `.shape` and
 *   `.dtype` and return `{ shape, dtype }` of their output;
 * - run in workers in parallel runs, found there by their `ComputeFunctionRef` (module path + export
 *   name), so they must live in a module (not a notebook cell) and kwargs must be structured-cloneable;
 * - with `chanPerWorker` must be channel-independent, the output's LAST axis being the channel axis.
 */
import os from "os";
import { performance } from "perf_hooks";
import {
  NDArray, DType, TypedArray, arrayConstructor, ascontiguous, isComplex, shapeSize, slotsPerElement, zeros,
} from "../core/ndarray";
import { SPYError, SPYComputeError, SPYMemoryError, SPYValueError, SPYTypeError } from "../core/errors";
import { checkInteger } from "../core/keywords";
import type { ComputeContext, ComputeFunction, ComputeFunctionRef, DirectTarget, FileSpan, MetadataValue, TrialSink, TrialSource } from "../core/computeTypes";
import { OutputMemory } from "./outputMemory";
import { ReusedInput } from "./reusedInput";
import {
  checkResult, errorParts, extractBlock, keywordErrorOf, fauxTrial, fmtShape, insertBlockLastAxis, parseComputeReturn, parseDryRun, shapeKey, shapesEqual,
} from "./ndutil";
import { ComputePool, PreparedTask, RunTasksStats, getPool, hasPool as hasPoolNow, newTaskId } from "./pool";
import { abortReason, onInterrupt } from "./interrupt";
import { Progress, ProgressOptions, createProgress, NOOP_PROGRESS } from "./progress";
import { AutoDecision, TS_WORKER_START_MS, WORKER_START_MS, chooseParallel } from "./autoParallel";
import { isSharedBuffer } from "../core/bufferKinds";
import { runEnded, runStarted } from "./keptBuffers";
import { machineOtherLoad, sampleOwnLoad } from "./ownLoad";
import type { RemoteBackend, RemoteJob } from "./remote";
import { createRemoteBackend, isBackendSpec, type SlurmParallel } from "./slurm";
import {
  TaskMessage, TaskReplyOk, UNIT_FIELDS, U_TRIAL, U_CHUNK, U_IN_SHAPE, U_OUT_SHAPE, U_IN_OFFSET, U_IN_SLOTS, alignUp,
} from "./protocol";

export interface InitializeOptions {
  /** false: average the trials (a running sum); all trials must give the same output shape. Default true. */
  keeptrials?: boolean;
  /** Split each trial's channel axis into blocks of this many channels (Syncopy's `chan_per_worker`). */
  chanPerWorker?: number;
  /** The input's channel axis (default: the last axis). Negative values count from the end. */
  channelAxis?: number;
}

export interface ComputeOptions {
  /**
   * true: run on the worker pool; false: in the main thread; "auto": start in the main thread and
   * move the rest to the workers only when the measured cost says they will finish sooner
   * (`chooseParallel` in ./autoParallel); `{ backend: "slurm", ... }`: one Slurm job array
   * (./slurm; the same bits as a local run). Default false.
   */
  parallel?: boolean | "auto" | SlurmParallel;
  /** A remote backend instance to use instead of the one `parallel: { backend }` would create (tests). */
  remote?: RemoteBackend;
  /** Workers to use in a parallel run (default: the shared pool's size, `os.cpus().length`). */
  nWorkers?: number;
  /** Refuse to start when one call needs `memThresh` x the free memory or more. Default 0.5. */
  memThresh?: number;
  /** Must agree with `initialize` (default: what `initialize` was given). */
  keeptrials?: boolean;
  /** Free memory in bytes to check `memThresh` against (default `os.freemem()`; for tests). */
  freeMemory?: number;
  /** Work a parallel task should carry, ms (default 12; tasks cost well under 1 ms each). */
  targetTaskMs?: number;
  /**
   * Tasks produced and not yet consumed at most (default: 2 x nWorkers, up to 8 x nWorkers where
   * that many tasks hold at most RESULT_WINDOW_BYTES; see resultWindow).
   */
  maxInFlight?: number;
  /** Use this pool instead of the shared one. */
  pool?: ComputePool;
  /** Aborting it stops the run (between trials; workers holding its tasks are ended); compute() rejects with its reason. */
  signal?: AbortSignal;
  /** parallel = "auto": other work on the machine, in busy cores (default: the 1-minute load average less this process's own part, ./ownLoad.ts; tests pass 0). */
  machineLoad?: number;
  /** Stop the run on SIGINT (a kernel interrupt, Ctrl-C). Default true. */
  interruptible?: boolean;
  /**
   * The progress display (trials done, rate, time left) of a run lasting more than `delayMs`
   * (default 2000): true (default) draws it where someone looks (./progress), false never;
   * an object overrides its options (tests pass a fake writer and clock).
   */
  progress?: boolean | Partial<ProgressOptions>;
}

/** How long a run must last before its progress appears, ms. */
export const PROGRESS_DELAY_MS = 2000;

export interface ComputeStats {
  /** Whether (part of) the run went to the workers. */
  parallel: boolean;
  /** What was asked: true, false or "auto". */
  requested: boolean | "auto";
  /** With "auto": the decision, and the unit (call) from which on the workers took over, if they did. */
  auto?: AutoDecision & { fromUnit?: number };
  nWorkers: number;
  /** Compute function calls (trials, or trial x channel blocks). */
  calls: number;
  /** Worker tasks (parallel runs; 0 otherwise). */
  tasks: number;
  wallMs: number;
  /** Time the workers spent on the tasks (parallel runs), ms. */
  workerMs: number;
  /** Time the main thread spent preparing tasks and taking their results in (parallel runs), ms. */
  mainMs: number;
}

export interface ComputeOutcome {
  /** `{ "<key>__<trialIndex>_<chunkIndex>": value }` for every value the compute function returned as metadata. */
  metadata: Record<string, unknown>;
  /** keeptrials=false: the trial average (float dtypes keep the output dtype; integer outputs give float64). */
  average?: NDArray;
  nTrials: number;
  stats: ComputeStats;
}

/** One call of the compute function: a trial, or a block of a trial's channels. */
interface Unit {
  k: number;
  trial: number;
  chunk: number;
  c0: number;
  c1: number;
  /** The whole trial (no channel block). */
  full: boolean;
  inShape: number[];
  outShape: number[];
  /** Ids of inShape / outShape in the routine's shape table (equal shapes share one id and one array). */
  inShapeId: number;
  outShapeId: number;
  inSlots: number;
  outSlots: number;
  /** Number of blocks of this unit's trial. */
  nBlocks: number;
}

/** Cost model for grouping units into tasks: elements in + out, plus a fixed per-call overhead. */
const CALL_OVERHEAD = 500;
const INITIAL_NS_PER_COST = 10;
const MAX_TASK_BYTES = 64 * 2 ** 20;
/** Memory the tasks done and waiting for an earlier one to be consumed may hold (resultWindow). */
const RESULT_WINDOW_BYTES = 64 * 2 ** 20;

let nextRoutineId = 1;

/** "2.1 GB", "340 MB" (powers of 1000). */
export function fmtBytes(b: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  let v = b;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** Render a setting for the log (strings as they are, arrays as [a, b], objects as JSON). */
export function formatLogValue(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return String(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "function") return v.name || "function";
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return `[${Array.from(v as unknown as ArrayLike<number>).join(", ")}]`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === "string" ? JSON.stringify(x) : formatLogValue(x))).join(", ")}]`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Values longer than 80 characters become their first 30 + "…" + last 30 characters. */
export function shortenLogValue(s: string): string {
  return s.length > 80 ? `${s.slice(0, 30)}…${s.slice(-30)}` : s;
}

export class ComputationalRoutine {
  readonly computeFunction: ComputeFunction;
  readonly ref: ComputeFunctionRef;
  readonly kwargs: Record<string, unknown>;
  /** The name used in the log (default: the compute function's name). */
  readonly name: string;
  /** Notes the routine made (e.g. chan_per_worker disabled); written to the log. */
  readonly notes: string[] = [];
  /** Notes of the last `compute()` (how parallel = "auto" decided); written to the log after `notes`. */
  readonly runNotes: string[] = [];
  /** Metadata of the last `compute()`. */
  metadata: Record<string, unknown> = {};

  private readonly id = nextRoutineId++;
  private runs = 0;
  private init?: {
    nTrials: number;
    inDtype: DType;
    keeptrials: boolean;
    chanPerWorker?: number;
    channelAxes: number[];
    inShapes: number[][];
    outShapes: number[][];
    outDtype: DType;
    units: Unit[];
    chunkShape: number[];
    chunkBytes: number;
  };

  constructor(cF: ComputeFunction, ref: ComputeFunctionRef, kwargs: Record<string, unknown>, opts: { name?: string } = {}) {
    if (typeof cF !== "function") throw new SPYTypeError("cF", cF, "a compute function");
    if (!ref || typeof ref !== "object" || typeof ref.module !== "string" || typeof ref.name !== "string") {
      throw new SPYTypeError("ref", ref, "{ module: <absolute path of the module>, name: <export name> }");
    }
    if (ref.module.length === 0 || ref.name.length === 0) {
      throw new SPYValueError("ref", ref, "{ module: <absolute path of the module>, name: <export name> }");
    }
    if (kwargs === null || typeof kwargs !== "object" || Array.isArray(kwargs)) {
      throw new SPYTypeError("kwargs", kwargs, "a plain object");
    }
    this.computeFunction = cF;
    this.ref = { module: ref.module, name: ref.name };
    this.kwargs = kwargs;
    this.name = opts.name ?? (cF.name || ref.name);
  }

  // ---------------------------------------------------------------------------------- initialize

  /**
   * Dry run: call the compute function with `noCompute: true` on a faux trial (shape and dtype, no
   * data) per trial; record the output shapes and dtype, `chunkShape` (the largest call's output)
   * and the work units (trials, or trial x channel blocks with `chanPerWorker`).
   */
  initialize(source: TrialSource, opts: InitializeOptions = {}): this {
    const keeptrials = opts.keeptrials ?? true;
    if (typeof keeptrials !== "boolean") throw new SPYTypeError("keeptrials", keeptrials, "a boolean");
    let cpw = opts.chanPerWorker;
    if (cpw !== undefined && cpw !== null) checkInteger(cpw, "chan_per_worker", { min: 1 });
    if (cpw === null) cpw = undefined;
    if (opts.channelAxis !== undefined && typeof opts.channelAxis !== "number") {
      throw new SPYTypeError("channelAxis", opts.channelAxis, "an integer axis index");
    }
    if (opts.channelAxis !== undefined && !Number.isInteger(opts.channelAxis)) {
      throw new SPYValueError("channelAxis", opts.channelAxis, "an integer axis index");
    }
    const nTrials = source.nTrials;
    if (!Number.isInteger(nTrials) || nTrials < 1) throw new SPYValueError("trials", nTrials, "at least one trial");
    const inDtype = source.dtype;
    this.notes.length = 0;
    if (cpw !== undefined && !keeptrials) {
      this.notes.push(`chan_per_worker = ${cpw} disabled: keeptrials=false averages whole trials`);
      cpw = undefined;
    }

    const cF = this.computeFunction;
    const trialIdx = (k: number) => (source.trialIndex ? source.trialIndex(k) : k);
    const inShapes: number[][] = new Array(nTrials);
    const outShapes: number[][] = new Array(nTrials);
    let outDtype: DType | undefined;
    let firstDtypeTrial = 0;
    const dryCache = new Map<string, { shape: number[]; dtype: DType }>();
    const dry = (shape: number[], trial: number, cache: boolean) => {
      const key = `${shapeKey(shape)}`;
      const hit = cache ? dryCache.get(key) : undefined;
      if (hit) return hit;
      let r;
      try {
        r = parseDryRun(cF(fauxTrial(shape, inDtype), this.kwargs, { noCompute: true, trial }));
      } catch (e) {
        if (e instanceof SPYError) throw e; // a check of the cF refused the input: pass it on as is
        const msg = e instanceof Error ? e.message : String(e);
        const err = new SPYComputeError(`trial ${trial}: ${msg} (dry run)`, trial, msg);
        err.cause = e;
        throw err;
      }
      if (cache && dryCache.size < 4096) dryCache.set(key, r);
      return r;
    };
    // One dry run per trial, as in Syncopy (a cF may look at ctx.trial); channel blocks, which only
    // check channel independence, are cached by shape.
    for (let k = 0; k < nTrials; k++) {
      const shape = [...source.trialShape(k)];
      inShapes[k] = shape;
      const r = dry(shape, trialIdx(k), false);
      outShapes[k] = r.shape;
      if (outDtype === undefined) {
        outDtype = r.dtype;
        firstDtypeTrial = trialIdx(k);
      } else if (r.dtype !== outDtype) {
        throw new SPYValueError("dtype", r.dtype, `${outDtype} (the output dtype of trial ${firstDtypeTrial})`,
          `the compute function returns dtype ${r.dtype} for trial ${trialIdx(k)}: all trials must give the same dtype`);
      }
    }
    if (!keeptrials) {
      for (let k = 1; k < nTrials; k++) {
        if (!shapesEqual(outShapes[k], outShapes[0])) {
          throw new SPYValueError("keeptrials", false, "true for trials whose outputs differ in shape",
            `Averaging trials of unequal lengths is not supported: trial ${trialIdx(0)} gives ${fmtShape(outShapes[0])}, ` +
            `trial ${trialIdx(k)} gives ${fmtShape(outShapes[k])}`);
        }
      }
    }

    // channel axis per trial
    const channelAxes = inShapes.map((s) => {
      const nd = s.length;
      let ax = opts.channelAxis ?? nd - 1;
      if (ax < 0) ax += nd;
      if (cpw !== undefined && (ax < 0 || ax >= nd)) {
        throw new SPYValueError("channelAxis", opts.channelAxis, `an axis of the ${nd}-dimensional trials`);
      }
      return ax;
    });

    // work units; shapes are interned once so that tasks can name them by id
    const shapeIds = new Map<string, number>();
    const shapeTable: number[][] = [];
    const intern = (shape: number[]): number => {
      const key = shapeKey(shape);
      let id = shapeIds.get(key);
      if (id === undefined) {
        id = shapeTable.length;
        shapeTable.push(shape);
        shapeIds.set(key, id);
      }
      return id;
    };
    const units: Unit[] = [];
    const inSlotsPer = slotsPerElement(inDtype);
    const outSlotsPer = slotsPerElement(outDtype!);
    for (let k = 0; k < nTrials; k++) {
      const inShape = inShapes[k];
      const outShape = outShapes[k];
      const trial = trialIdx(k);
      const nC = cpw !== undefined ? inShape[channelAxes[k]] : 0;
      const nBlocks = cpw !== undefined && nC > cpw ? Math.ceil(nC / cpw) : 1;
      if (nBlocks === 1) {
        const inShapeId = intern(inShape);
        const outShapeId = intern(outShape);
        units.push({
          k, trial, chunk: 0, c0: 0, c1: nC, full: true, inShape: shapeTable[inShapeId], outShape: shapeTable[outShapeId],
          inShapeId, outShapeId,
          inSlots: shapeSize(inShape) * inSlotsPer, outSlots: shapeSize(outShape) * outSlotsPer, nBlocks,
        });
        continue;
      }
      if (outShape.length === 0 || outShape[outShape.length - 1] !== nC) {
        throw new SPYValueError("chan_per_worker", cpw,
          "unset for this compute function (it needs a channel-independent compute function whose output's last axis is the channel axis)",
          `trial ${trial}: ${nC} input channels, output shape ${fmtShape(outShape)}`);
      }
      for (let b = 0; b < nBlocks; b++) {
        const c0 = b * cpw!;
        const c1 = Math.min(nC, c0 + cpw!);
        const bin = [...inShape];
        bin[channelAxes[k]] = c1 - c0;
        const bout = [...outShape];
        bout[bout.length - 1] = c1 - c0;
        const r = dry(bin, trial, true);
        if (!shapesEqual(r.shape, bout) || r.dtype !== outDtype) {
          throw new SPYValueError("chan_per_worker", cpw,
            "unset for this compute function (it is not channel-independent)",
            `trial ${trial}: a block of ${c1 - c0} channels ${fmtShape(bin)} gives ${fmtShape(r.shape)} ${r.dtype}, ` +
            `expected ${fmtShape(bout)} ${outDtype}`);
        }
        const inShapeId = intern(bin);
        const outShapeId = intern(bout);
        units.push({
          k, trial, chunk: b, c0, c1, full: false, inShape: shapeTable[inShapeId], outShape: shapeTable[outShapeId],
          inShapeId, outShapeId,
          inSlots: shapeSize(bin) * inSlotsPer, outSlots: shapeSize(bout) * outSlotsPer, nBlocks,
        });
      }
    }

    // the largest call
    const inBpe = arrayConstructor(inDtype).BYTES_PER_ELEMENT;
    const outBpe = arrayConstructor(outDtype!).BYTES_PER_ELEMENT;
    let chunkShape = units[0].outShape;
    let chunkBytes = 0;
    for (const u of units) {
      if (u.outSlots > shapeSize(chunkShape) * outSlotsPer) chunkShape = u.outShape;
      chunkBytes = Math.max(chunkBytes, u.inSlots * inBpe + u.outSlots * outBpe);
    }
    this.init = {
      nTrials, inDtype, keeptrials, chanPerWorker: cpw, channelAxes, inShapes, outShapes, outDtype: outDtype!, units,
      chunkShape: [...chunkShape], chunkBytes,
    };
    return this;
  }

  private get ready() {
    if (!this.init) throw new Error("ComputationalRoutine: call initialize(source) before this");
    return this.init;
  }

  /** Output shape per trial (whole trials, channel blocks reassembled). */
  /** Every trial's output shape (copies: read it once, not per trial). */
  get outputShapes(): number[][] { return this.ready.outShapes.map((s) => [...s]); }
  /** Trial k's output shape (a copy). */
  outputShape(k: number): number[] { return [...this.ready.outShapes[k]]; }
  /** Output dtype (the same for every trial). */
  get outputDtype(): DType { return this.ready.outDtype; }
  /** The largest per-call output shape (Syncopy's `chunkShape`); passed to the compute function as ctx.chunkShape. */
  get chunkShape(): number[] { return [...this.ready.chunkShape]; }
  /** Input + output bytes of the largest call. */
  get chunkBytes(): number { return this.ready.chunkBytes; }
  /** Compute function calls per run (trials, or trial x channel blocks). */
  get numCalls(): number { return this.ready.units.length; }
  /** Whether the routine averages (keeptrials=false). */
  get keeptrials(): boolean { return this.ready.keeptrials; }
  /** The effective chan_per_worker (undefined when unset or disabled). */
  get chanPerWorker(): number | undefined { return this.ready.chanPerWorker; }

  // ------------------------------------------------------------------------------------- compute

  /**
   * Run the compute function on every trial of `source` and hand the results to `sink` in trial
   * order (keeptrials=true), or average them (keeptrials=false; nothing is written, `average` is
   * returned and `sink` may be null).
   */
  async compute(source: TrialSource, sink: TrialSink | null, opts: ComputeOptions = {}): Promise<ComputeOutcome> {
    const init = this.ready;
    const parallel = opts.parallel ?? false;
    const remote = opts.remote ?? (isBackendSpec(parallel) ? createRemoteBackend(parallel) : undefined);
    if (!remote && typeof parallel !== "boolean" && parallel !== "auto") {
      throw new SPYTypeError("parallel", parallel, "true, false, \"auto\" or { backend: \"slurm\", ... }");
    }
    const memThresh = opts.memThresh ?? 0.5;
    if (typeof memThresh !== "number") throw new SPYTypeError("mem_thresh", memThresh, "a number in (0, 1]");
    if (!(memThresh > 0 && memThresh <= 1)) {
      throw new SPYValueError("mem_thresh", memThresh, "a number in (0, 1]");
    }
    if (opts.nWorkers !== undefined) checkInteger(opts.nWorkers, "nWorkers", { min: 1 });
    if (opts.keeptrials !== undefined && opts.keeptrials !== init.keeptrials) {
      throw new SPYValueError("keeptrials", opts.keeptrials, `${init.keeptrials}, as given to initialize()`);
    }
    if (source.nTrials !== init.nTrials || source.dtype !== init.inDtype) {
      throw new SPYValueError("source", `${source.nTrials} trials of ${source.dtype}`,
        `the source given to initialize() (${init.nTrials} trials of ${init.inDtype})`);
    }
    if (init.keeptrials && !sink) throw new SPYValueError("sink", sink, "a TrialSink when keeptrials=true");

    // memory guard, before anything starts
    const free = opts.freeMemory ?? os.freemem();
    if (init.chunkBytes >= memThresh * free) {
      throw new SPYMemoryError(
        `one call of ${this.name} needs ${fmtBytes(init.chunkBytes)} (input + output of the largest trial` +
        `${init.chanPerWorker ? " block" : ""}) but only ${fmtBytes(free)} of memory are free and mem_thresh = ${memThresh} ` +
        `allows ${fmtBytes(memThresh * free)}; select fewer channels or a shorter latency, use chan_per_worker, or raise mem_thresh`);
    }

    // an interrupt (SIGINT) or the caller's signal aborts the run
    const ac = new AbortController();
    const external = opts.signal;
    if (external?.aborted) throw abortReason(external);
    const forward = () => ac.abort(abortReason(external!));
    external?.addEventListener("abort", forward, { once: true });
    const unwatch = opts.interruptible === false ? () => undefined : onInterrupt(() => ac.abort(abortReason(ac.signal)));

    sampleOwnLoad(); // the CPU time used since the last run was spent before this one (./ownLoad.ts)
    const progress = this.createProgress(opts.progress, init.nTrials);
    const collector = new Collector(init.keeptrials ? sink : null, init.outShapes, init.outDtype, init.nTrials, (n) => progress.update(n));
    const t0 = performance.now();
    let stats: ComputeStats;
    this.runNotes.length = 0;
    try {
      if (remote) {
        stats = await this.computeRemote(source, collector, remote, ac.signal);
      } else if (parallel === true) {
        stats = await this.computeParallel(source, collector, opts, ac.signal, 0);
      } else {
        stats = await this.computeSequential(source, collector, ac.signal, parallel === "auto" ? opts : undefined);
        if (stats.auto?.fromUnit !== undefined) {
          const par = await this.computeParallel(source, collector, opts, ac.signal, stats.auto.fromUnit);
          stats = { ...par, calls: init.units.length, auto: stats.auto };
        }
      }
      stats.requested = remote ? true : parallel as boolean | "auto";
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      progress.stop(err);
      try { sink?.abort?.(err); } catch { /* the original error matters more */ }
      throw err;
    } finally {
      unwatch();
      external?.removeEventListener("abort", forward);
      sampleOwnLoad();
    }
    progress.stop();
    stats.wallMs = performance.now() - t0;
    if (stats.auto) this.runNotes.push(autoNote(stats.auto, init.units.length, stats.nWorkers));
    const average = init.keeptrials ? undefined : collector.average();
    this.metadata = collector.metadata;
    return { metadata: collector.metadata, average, nTrials: init.nTrials, stats };
  }

  private createProgress(opt: ComputeOptions["progress"], nTrials: number): Progress {
    if (opt === false) return NOOP_PROGRESS;
    const o = typeof opt === "object" && opt !== null ? opt : {};
    return createProgress({ label: this.name, unit: "trials", delayMs: PROGRESS_DELAY_MS, ...o, total: nTrials });
  }

  private readTrial(source: TrialSource, k: number): NDArray {
    const init = this.ready;
    const a = source.readTrial(k);
    if (!a || !shapesEqual(a.shape, init.inShapes[k]) || a.dtype !== init.inDtype) {
      throw new SPYValueError("source", a ? `trial ${k} of shape ${fmtShape(a.shape)} ${a.dtype}` : a,
        `trial ${k} of shape ${fmtShape(init.inShapes[k])} ${init.inDtype}, as trialShape(${k}) announced`);
    }
    const slots = shapeSize(a.shape) * slotsPerElement(a.dtype);
    if (!a.strides && !a.offset && a.data.length === slots) return a;
    return ascontiguous(a);
  }

  private blockOf(trialData: NDArray, u: Unit): NDArray {
    if (u.full) return trialData;
    const Ctor = arrayConstructor(trialData.dtype);
    const dst = extractBlock(trialData, this.ready.channelAxes[u.k], u.c0, u.c1, new Ctor(u.inSlots));
    return { data: dst, shape: u.inShape, dtype: trialData.dtype };
  }

  /**
   * Whether a parallel run's workers would read the inputs (the source locates whole trials in a
   * file) and store the results (the sink's direct target) themselves: 1 or 0 each, judged on the
   * first unit (channel blocks always go through the main thread).
   */
  private directShares(source: TrialSource, collector: Collector): { read: number; store: number } {
    const init = this.ready;
    const u = init.units[0];
    if (!u || !u.full) return { read: 0, store: 0 };
    const read = this.workerReadable(source, u) ? 1 : 0;
    const store = init.keeptrials && collector.directTarget(init.outDtype) ? 1 : 0;
    return { read, store };
  }

  /**
   * Where a worker can read unit u's input itself: a whole trial the source locates in a file, of
   * exactly the announced size (else null: the main thread reads and copies it).
   */
  private workerReadable(source: TrialSource, u: Unit): FileSpan | null {
    if (!u.full || !source.locateTrial) return null;
    const span = source.locateTrial(u.k);
    return span && span.bytes === u.inSlots * arrayConstructor(this.ready.inDtype).BYTES_PER_ELEMENT ? span : null;
  }

  /**
   * The main thread computes the units in order. With `auto` (parallel = "auto") it measures them
   * and stops as soon as `chooseParallel` says the workers would finish the rest sooner: the
   * returned stats then carry `auto.fromUnit`, where the parallel run goes on.
   */
  private async computeSequential(source: TrialSource, collector: Collector, signal: AbortSignal, auto?: ComputeOptions): Promise<ComputeStats> {
    const init = this.ready;
    const cF = this.computeFunction;
    const units = init.units;
    const probe = auto ? new AutoProbe(units, auto, this.directShares(source, collector)) : undefined;
    // One output memory for every call when the collector copies results out (see ComputeContext.out)
    const outMemory = collector.copiesResults() ? new OutputMemory(init.outDtype) : undefined;
    // whole trials the source locates in its file are read into one buffer reused from trial to
    // trial (./reusedInput.ts), let go when the run ends
    const fileInput = new ReusedInput();
    try {
      let cachedK = -1;
      let cached: NDArray | undefined;
      let lastYield = performance.now();
      for (let i = 0; i < units.length; i++) {
        const u = units[i];
        if (signal.aborted) throw abortReason(signal);
        if (probe) {
          const decision = probe.decide(i);
          if (decision?.parallel) return this.sequentialStats(i, { ...decision, fromUnit: i });
        }
        const tr = performance.now();
        if (u.k !== cachedK) {
          cached = undefined;         // let the previous trial go before reading the next
          const span = this.workerReadable(source, u);
          cached = span
            ? { data: fileInput.read(span.path, span.position, init.inDtype, u.inSlots), shape: init.inShapes[u.k], dtype: init.inDtype }
            : this.readTrial(source, u.k);
          cachedK = u.k;
        }
        const input = this.blockOf(cached!, u);
        const tc = performance.now();
        let out: NDArray;
        let metadata: Record<string, MetadataValue> | undefined;
        try {
          const ctx: ComputeContext = { noCompute: false, chunkShape: init.chunkShape, trial: u.trial };
          if (outMemory) ctx.out = outMemory.view(u.outSlots);
          const parsed = parseComputeReturn(cF(input, this.kwargs, ctx));
          out = checkResult(parsed.out, u.outShape, init.outDtype);
          metadata = parsed.metadata;
          // a result that is a view of the reused input memory would change with the next trial
          if (fileInput.escapes(out.data)) out = { ...out, data: out.data.slice() };
          if (metadata) {
            for (const [key, v] of Object.entries(metadata)) if (fileInput.escapes(v)) metadata[key] = (v as Float64Array).slice();
          }
        } catch (e) {
          const refused = keywordErrorOf(errorParts(e), u.trial);
          if (refused) {
            refused.cause = e;
            throw refused;
          }
          const msg = e instanceof Error ? e.message : String(e);
          const err = new SPYComputeError(`trial ${u.trial}: ${msg}`, u.trial, msg);
          err.cause = e;
          throw err;
        }
        const ta = performance.now();
        collector.accept(u, out, metadata);
        const now = performance.now();
        probe?.record(i, ta - tc, tc - tr, now - ta);
        // keep a notebook kernel responsive during long sequential runs, and let an interrupt in
        if (now - lastYield > 50) {
          await new Promise<void>((r) => setImmediate(r));
          lastYield = performance.now();
        }
      }
      return this.sequentialStats(units.length, probe?.final());
    } finally {
      fileInput.release();
    }
  }

  /**
   * A remote backend (a Slurm job array) computes the units; their results come back in unit order
   * into the same collector as a local run's, so writes and the keeptrials=false running sum are
   * the same operations in the same order: the same bits.
   */
  private async computeRemote(source: TrialSource, collector: Collector, remote: RemoteBackend, signal: AbortSignal): Promise<ComputeStats> {
    const init = this.ready;
    const units = init.units;
    let cachedK = -1;
    let cached: NDArray | undefined;
    const job: RemoteJob = {
      name: this.name, ref: this.ref, kwargs: this.kwargs, units, inDtype: init.inDtype, outDtype: init.outDtype,
      chunkShape: init.chunkShape,
      readInput: (i: number) => {
        const u = units[i];
        if (u.k !== cachedK) {
          cached = undefined;
          cached = this.readTrial(source, u.k);
          cachedK = u.k;
        }
        return u.full ? cached! : this.blockOf(cached!, u);
      },
    };
    const r = await remote.run(job, (i, out, meta) => collector.accept(units[i], checkResult(out, units[i].outShape, init.outDtype), meta), signal);
    this.runNotes.push(...r.notes);
    return { parallel: true, requested: true, nWorkers: r.nWorkers, calls: units.length, tasks: r.tasks, wallMs: 0, workerMs: r.workerMs, mainMs: 0 };
  }

  private sequentialStats(calls: number, auto?: ComputeStats["auto"]): ComputeStats {
    return { parallel: false, requested: false, auto, nWorkers: 0, calls, tasks: 0, wallMs: 0, workerMs: 0, mainMs: 0 };
  }

  private async computeParallel(source: TrialSource, collector: Collector, opts: ComputeOptions, signal: AbortSignal, fromUnit: number): Promise<ComputeStats> {
    const init = this.ready;
    const pool = opts.pool ?? getPool(opts.nWorkers);
    const nWorkers = opts.nWorkers ?? pool.size;
    const targetMs = opts.targetTaskMs ?? 12;
    const units = init.units;
    const kwargsKey = `cr${this.id}.${++this.runs}`;
    const InCtor = arrayConstructor(init.inDtype);
    const OutCtor = arrayConstructor(init.outDtype);
    const inBpe = InCtor.BYTES_PER_ELEMENT;
    const outBpe = OutCtor.BYTES_PER_ELEMENT;
    // Balance: leave at least ~4 tasks per worker; cost: at least ~targetMs of work per task.
    const balanceCap = Math.max(1, Math.ceil((units.length - fromUnit) / (4 * nWorkers)));
    let nsPerCost = INITIAL_NS_PER_COST;
    let measured = false;
    let cursor = fromUnit;
    let cachedK = -1;
    let cached: NDArray | undefined;
    let mainMs = 0;
    const direct = init.keeptrials ? collector.directTarget(init.outDtype) : undefined;
    // Task buffers come back and are reused, within the run and by the next runs for a while
    // (./keptBuffers.ts): fresh memory costs a page fault per 4 kB on first touch (0.4-1.2 GB/s
    // here), as much as the copy itself. Shared: they go to the workers and back without
    // transfers (see BufferRecycler). runEnded() follows the tasks below, whatever their outcome.
    const maxInFlight = Math.max(1, opts.maxInFlight ?? resultWindow(units, fromUnit, balanceCap, inBpe, outBpe, nWorkers));
    const { inputs: inputBuffers, outputs: outputBuffers } = runStarted();
    interface Tag { start: number; end: number; cost: number; recyclable: boolean }
    const produce = (): PreparedTask<Tag> | null => {
      if (cursor >= units.length) return null;
      const tp = performance.now();
      const start = cursor;
      const budget = (targetMs * 1e6) / nsPerCost;
      let cost = 0;
      let bytes = 0;
      // one unit a task until a reply gives the cost: the model's first guess may be far off (a
      // FOOOF trial costs ~5000x its guess), and the first tasks, made before any reply, set the
      // run's balance: seven whole trials per task made two-worker FOOOF wait ~3 s on one task
      const cap = measured ? balanceCap : 1;
      while (cursor < units.length && cursor - start < cap) {
        const u = units[cursor];
        const c = u.inSlots + u.outSlots + CALL_OVERHEAD;
        const b = u.inSlots * inBpe + u.outSlots * outBpe;
        if (cursor > start && (cost + c > budget || bytes + b > MAX_TASK_BYTES)) break;
        cost += c;
        bytes += b;
        cursor++;
      }
      const end = cursor;
      const n = end - start;
      // the task's own shape lists (global shape id -> local index)
      const inShapes: number[][] = [];
      const outShapes: number[][] = [];
      const inIds = new Map<number, number>();
      const outIds = new Map<number, number>();
      const local = (id: number, shape: number[], list: number[][], ids: Map<number, number>) => {
        let l = ids.get(id);
        if (l === undefined) {
          l = list.length;
          list.push(shape);
          ids.set(id, l);
        }
        return l;
      };
      const table = new Float64Array(n * UNIT_FIELDS);
      // whole trials that lie in a file (one file per task) are read there by the worker itself,
      // into its own memory (workerInput.ts), so the main thread stays out of the data path and
      // the task's shared buffer holds only the units the main thread copies in
      let inFile: string | undefined;
      let inPositions: Float64Array | undefined;
      let inBytes = 0;
      let outBytes = 0;
      for (let i = 0; i < n; i++) {
        const u = units[start + i];
        const b = i * UNIT_FIELDS;
        table[b + U_TRIAL] = u.trial;
        table[b + U_CHUNK] = u.chunk;
        table[b + U_IN_SHAPE] = local(u.inShapeId, u.inShape, inShapes, inIds);
        table[b + U_OUT_SHAPE] = local(u.outShapeId, u.outShape, outShapes, outIds);
        table[b + U_IN_SLOTS] = u.inSlots;
        outBytes = alignUp(outBytes + u.outSlots * outBpe);
        const span = this.workerReadable(source, u);
        if (span && (inFile === undefined || span.path === inFile)) {
          inFile = span.path;
          (inPositions ??= new Float64Array(n).fill(-1))[i] = span.position;
          table[b + U_IN_OFFSET] = -1;
          continue;
        }
        table[b + U_IN_OFFSET] = inBytes;
        inBytes = alignUp(inBytes + u.inSlots * inBpe);
      }
      // copy the other trials (or blocks) into one shared buffer, never cloned
      const input = inputBuffers.take(inBytes);
      for (let i = 0; i < n; i++) {
        const u = units[start + i];
        if (inPositions && inPositions[i] >= 0) continue;
        if (u.k !== cachedK) {
          cached = undefined;
          cached = this.readTrial(source, u.k);
          cachedK = u.k;
        }
        const dst = new InCtor(input, table[i * UNIT_FIELDS + U_IN_OFFSET], u.inSlots) as TypedArray;
        if (u.full) dst.set(cached!.data as ArrayLike<number>);
        else extractBlock(cached!, init.channelAxes[u.k], u.c0, u.c1, dst);
      }
      if (cursor >= units.length) {
        cached = undefined;
        cachedK = -1;
      }
      // Whole trials go to the sink's file straight from the worker when it has a direct target.
      // Otherwise they are handed to the sink as views into the task's output buffer, which the
      // sink may keep; only buffers nobody else sees are recycled.
      let outPositions: Float64Array | undefined;
      if (direct) {
        outPositions = new Float64Array(n);
        for (let i = 0; i < n; i++) outPositions[i] = units[start + i].full ? direct.positions[units[start + i].k] : -1;
      }
      // a sink that copies each result before write returns (a file, a running sum) leaves the
      // buffer to nobody: recycling it spares the worker a fresh reply buffer per task (for the
      // grouped cross spectra a 66 MB sum, whose first touch cost more than its compute)
      let recyclable = !init.keeptrials || direct !== undefined || collector.copiesResults();
      if (!recyclable) {
        recyclable = true;
        for (let i = start; i < end && recyclable; i++) if (units[i].full) recyclable = false;
      }
      // absent (results the sink keeps): the worker allocates and transfers a fresh buffer
      const outBuffer = recyclable && outBytes > 0 ? outputBuffers.take(outBytes) : undefined;
      const message: TaskMessage = {
        taskId: newTaskId(), ref: this.ref, kwargsKey, kwargs: this.kwargs, inDtype: init.inDtype, outDtype: init.outDtype,
        chunkShape: init.chunkShape, inShapes, outShapes, units: table, input, outBuffer,
      };
      if (direct && outPositions) {
        message.outFile = direct.path;
        message.outPositions = outPositions;
      }
      if (inFile !== undefined && inPositions) {
        message.inFile = inFile;
        message.inPositions = inPositions;
      }
      const transfer = [table.buffer];
      mainMs += performance.now() - tp;
      return {
        message, transfer, tag: { start, end, cost, recyclable },
        trialOf: (i: number) => units[Math.min(start + i, end - 1)].trial,
      };
    };

    const consume = (_seq: number, reply: TaskReplyOk, tag: Tag) => {
      const tc = performance.now();
      // adapt the task size to the measured cost (recent tasks weigh most)
      const rate = (reply.workerMs * 1e6) / tag.cost;
      if (rate > 0 && Number.isFinite(rate)) nsPerCost = measured ? 0.5 * nsPerCost + 0.5 * rate : rate;
      // a reply ends the one-unit start even when its time was below the clock's resolution (the
      // first guess then stands: such units are cheap)
      measured = true;
      const metaByUnit = new Map<number, Record<string, MetadataValue>>();
      for (const [i, m] of reply.meta ?? []) metaByUnit.set(i, m);
      for (let i = 0; i < tag.end - tag.start; i++) {
        const u = units[tag.start + i];
        if (reply.offsets[i] < 0) {
          collector.accept(u, null, metaByUnit.get(i));
          continue;
        }
        const data = new OutCtor(reply.output, reply.offsets[i], u.outSlots) as TypedArray;
        collector.accept(u, { data, shape: u.outShape, dtype: init.outDtype }, metaByUnit.get(i));
      }
      if (isSharedBuffer(reply.input)) inputBuffers.give(reply.input);
      if (tag.recyclable && isSharedBuffer(reply.output)) outputBuffers.give(reply.output);
      mainMs += performance.now() - tc;
    };

    let run: RunTasksStats;
    try {
      run = await pool.runTasks<Tag>({ produce, consume, nWorkers, maxInFlight, signal });
    } finally {
      runEnded();
    }
    return {
      parallel: true, requested: true, nWorkers: run.nWorkers, calls: units.length - fromUnit, tasks: run.tasks, wallMs: 0,
      workerMs: run.workerMs, mainMs,
    };
  }

  // ------------------------------------------------------------------------------- log, metadata

  /**
   * `previousLog` followed by Syncopy's block:
   * `computed <cF name> with settings\n\tkey = value\n...`; values longer than 80 characters are
   * shortened to their first 30 + "…" + last 30 characters; `noCompute` and `chunkShape` are left out.
   * Notes the routine made (e.g. chan_per_worker disabled) follow as `\tnote: ...` lines.
   */
  writeLog(previousLog: string, settings: Record<string, unknown>): string {
    let log = previousLog ?? "";
    if (log.length > 0 && !log.endsWith("\n")) log += "\n";
    log += `computed ${this.name} with settings\n`;
    for (const [key, value] of Object.entries(settings)) {
      if (key === "noCompute" || key === "chunkShape") continue;
      log += `\t${key} = ${shortenLogValue(formatLogValue(value))}\n`;
    }
    for (const note of [...this.notes, ...this.runNotes]) log += `\tnote: ${note}\n`;
    return log;
  }

  /**
   * Subclass hook, Syncopy's `process_metadata(data, out)`: the frontend calls it after `compute()`
   * with its input and output data objects, so a subclass can set the output's axes (time, freq,
   * taper, channel labels, trialdefinition) and turn `this.metadata` into what the data class keeps
   * (e.g. un-nest FOOOF parameters, check per-trial frequency hashes). The base class does nothing;
   * the engine itself never calls it, because it knows no data classes.
   */
  processMetadata(_input: unknown, _output: unknown): void {
    /* left to subclasses */
  }
}

/** The log's note on how parallel = "auto" ran. */
function autoNote(auto: AutoDecision & { fromUnit?: number }, nUnits: number, nWorkers: number): string {
  if (auto.fromUnit !== undefined) {
    return `parallel = auto: ${nWorkers} workers from call ${auto.fromUnit + 1} of ${nUnits} on (${auto.reason})`;
  }
  return `parallel = auto: sequential (${auto.reason})`;
}

/**
 * Measured time (of the units after the first, whose warm-up would mislead) from which the first
 * decision is made, and the later checkpoints, ms.
 */
const AUTO_CHECKPOINTS_MS = [50, 150, 400, 1000, 3000, 10000];
/** A first unit this long is measured well enough to decide on alone, ms. */
const AUTO_SINGLE_UNIT_MS = 500;

/**
 * parallel = "auto": measures the sequential units and, at a few checkpoints, asks `chooseParallel`
 * whether workers would finish the rest sooner. Rates come from the later half of the units
 * measured (the first ones are slower: JIT, wasm tiers, caches); what the first unit cost more than
 * that is the warm-up each worker would pay again.
 */
class AutoProbe {
  private readonly cost: Float64Array;
  private readonly totalCost: number;
  private readonly maxCost: number;
  private doneCost = 0;
  private firstCf = 0;
  private firstIo = 0;
  /** Per unit after the first: compute function ms, read + store ms, of which workers would do. */
  private readonly cf: number[] = [];
  private readonly io: number[] = [];
  private readonly workerIo: number[] = [];
  private firstWorkerIo = 0;
  private measuredMs = 0;   // every unit
  private laterMs = 0;      // units after the first
  private checkpoint = 0;
  private last?: AutoDecision;
  private readonly nWorkers: number;
  private readonly cores: number;
  private readonly pool: ComputePool | undefined;

  constructor(units: Unit[], private readonly opts: ComputeOptions, private readonly direct = { read: 0, store: 0 }) {
    this.cost = new Float64Array(units.length);
    let total = 0;
    let max = 0;
    for (let i = 0; i < units.length; i++) {
      const c = units[i].inSlots + units[i].outSlots + CALL_OVERHEAD;
      this.cost[i] = c;
      total += c;
      if (c > max) max = c;
    }
    this.totalCost = total;
    this.maxCost = max;
    const avail = (os as { availableParallelism?: () => number }).availableParallelism;
    this.cores = typeof avail === "function" ? avail() : os.cpus().length;
    this.pool = opts.pool;
    this.nWorkers = opts.nWorkers ?? opts.pool?.size ?? Math.max(os.cpus().length, 1);
  }

  record(i: number, cfMs: number, readMs: number, storeMs: number): void {
    const ioMs = readMs + storeMs;
    const workerIo = readMs * this.direct.read + storeMs * this.direct.store;
    this.measuredMs += cfMs + ioMs;
    if (i === 0) {
      this.firstCf = cfMs;
      this.firstIo = ioMs;
      this.firstWorkerIo = workerIo;
    } else {
      this.cf.push(cfMs);
      this.io.push(ioMs);
      this.workerIo.push(workerIo);
      this.laterMs += cfMs + ioMs;
    }
    this.doneCost += this.cost[i];
  }

  /** A decision before unit `i`, when a checkpoint is reached; undefined otherwise. */
  decide(i: number): AutoDecision | undefined {
    if (i === 0 || this.checkpoint >= AUTO_CHECKPOINTS_MS.length || this.cost.length - i < 2) return undefined;
    const single = i === 1 && this.firstCf + this.firstIo >= AUTO_SINGLE_UNIT_MS;
    const measured = single ? this.firstCf + this.firstIo : this.laterMs;
    if (i === 1 && !single) return undefined;
    if (measured < AUTO_CHECKPOINTS_MS[this.checkpoint]) return undefined;
    while (this.checkpoint < AUTO_CHECKPOINTS_MS.length && measured >= AUTO_CHECKPOINTS_MS[this.checkpoint]) this.checkpoint++;
    let cf = 0, io = 0, wio = 0, cost = 0, warmup = 0;
    if (single) {
      cf = this.firstCf; io = this.firstIo; wio = this.firstWorkerIo; cost = this.cost[0];
    } else {
      const n = this.cf.length;                  // units 1 .. n
      for (let j = Math.floor(n / 2); j < n; j++) {
        cf += this.cf[j];
        io += this.io[j];
        wio += this.workerIo[j];
        cost += this.cost[j + 1];
      }
      if (cost > 0) warmup = Math.max(0, this.firstCf - (cf / cost) * this.cost[0]);
    }
    if (!(cost > 0)) return undefined;
    const left = this.totalCost - this.doneCost;
    const live = this.pool ? this.pool.liveWorkers : (hasPoolNow() ? getPool().liveWorkers : 0);
    // other work on the machine, in cores: the 1-minute load less this process's own (./ownLoad.ts)
    const load = this.opts.machineLoad ?? machineOtherLoad();
    this.last = chooseParallel({
      remainingUnits: this.cost.length - i,
      computeMs: (cf / cost) * left,
      ioMs: (io / cost) * left,
      workerIoMs: (wio / cost) * left,
      maxUnitMs: ((cf + io) / cost) * this.maxCost,
      nWorkers: this.nWorkers,
      cores: this.cores,
      coldWorkers: Math.max(0, this.nWorkers - live),
      warmupMs: warmup,
      otherLoad: load,
      // workers are this module's sibling: .ts through ts-node under jest, else compiled .js
      workerStartMs: __filename.endsWith(".ts") ? TS_WORKER_START_MS : WORKER_START_MS,
    });
    return this.last;
  }

  /** The last decision, or why none was needed. */
  final(): AutoDecision {
    if (this.last) return this.last;
    return { parallel: false, sequentialMs: this.measuredMs, parallelMs: NaN, reason: `done in ${Math.round(this.measuredMs)} ms, too little to start workers for` };
  }
}

/**
 * Receives results in unit order: reassembles channel blocks along the output's last axis, writes
 * whole trials to the sink in trial order, or sums them in float64 (complex interleaved) for the
 * average. Used by both the sequential and the parallel path, so both give the same bits.
 */
class Collector {
  readonly metadata: Record<string, MetadataValue> = {};
  private sum?: Float64Array;
  private assembling?: { k: number; arr: NDArray; got: number };

  constructor(
    private readonly sink: TrialSink | null,
    private readonly outShapes: number[][],
    private readonly outDtype: DType,
    private readonly nTrials: number,
    private readonly onTrialDone?: (trialsDone: number) => void,
  ) {}

  /** Trials completed (written or summed). */
  trialsDone = 0;

  /** Whether `accept` copies a result's values before it returns (into the sink's file, the sum, a trial being assembled). */
  copiesResults(): boolean {
    return this.sink === null || this.sink.copies === true;
  }

  /** The sink's direct target, when parallel runs may write whole trials there themselves. */
  directTarget(outDtype: DType): DirectTarget | undefined {
    const d = this.sink?.direct;
    return d && d.dtype === outDtype && d.positions.length === this.nTrials ? d : undefined;
  }

  /** A unit's result; `null`: a whole trial a worker wrote to the sink's direct target. */
  accept(u: Unit, out: NDArray | null, meta: Record<string, MetadataValue> | undefined): void {
    if (meta) for (const key of Object.keys(meta)) this.metadata[`${key}__${u.trial}_${u.chunk}`] = meta[key];
    if (out === null) {
      if (!u.full || !this.sink) throw new Error(`internal: trial ${u.trial} was written directly but is not a whole kept trial`);
      this.trialsDone++;
      this.onTrialDone?.(this.trialsDone);
      return;
    }
    if (u.full) {
      this.complete(u.k, out);
      return;
    }
    if (!this.assembling || this.assembling.k !== u.k) {
      if (u.chunk !== 0) throw new Error(`internal: block ${u.chunk} of trial ${u.trial} arrived first`);
      this.assembling = { k: u.k, arr: zeros(this.outShapes[u.k], this.outDtype), got: 0 };
    }
    const a = this.assembling;
    if (u.chunk !== a.got) throw new Error(`internal: block ${u.chunk} of trial ${u.trial} out of order`);
    insertBlockLastAxis(a.arr, out, u.c0);
    a.got++;
    if (a.got === u.nBlocks) {
      this.assembling = undefined;
      this.complete(u.k, a.arr);
    }
  }

  private complete(k: number, out: NDArray): void {
    if (this.sink) {
      this.sink.write(k, out);
    } else {
      const d = out.data;
      if (!this.sum) this.sum = new Float64Array(d.length);
      const s = this.sum;
      for (let i = 0; i < s.length; i++) s[i] += d[i];
    }
    this.trialsDone++;
    this.onTrialDone?.(this.trialsDone);
  }

  /** The average of the summed trials. */
  average(): NDArray {
    const s = this.sum ?? new Float64Array(shapeSize(this.outShapes[0]) * slotsPerElement(this.outDtype));
    const isFloat = this.outDtype.startsWith("float") || isComplex(this.outDtype);
    const dtype: DType = isFloat ? this.outDtype : "float64";
    const res = zeros(this.outShapes[0], dtype);
    for (let i = 0; i < s.length; i++) res.data[i] = s[i] / this.nTrials;
    return res;
  }
}

/**
 * How many tasks a parallel run may have produced and not yet consumed. Replies are consumed in
 * task order, so a long task (one FOOOF trial took 4.5 s where the others took ~1 s) holds back the
 * replies after it; with only the workers' two tasks each in the window the other worker then
 * idles. Where tasks are small (a bound: `cap` units of the largest size, at most MAX_TASK_BYTES)
 * the window grows up to 8 tasks a worker, within RESULT_WINDOW_BYTES; large tasks (a 66 MB group
 * of cross spectra) keep the two a worker.
 */
function resultWindow(units: Unit[], fromUnit: number, cap: number, inBpe: number, outBpe: number, nWorkers: number): number {
  let unitBytes = 0;
  for (let i = fromUnit; i < units.length; i++) unitBytes = Math.max(unitBytes, units[i].inSlots * inBpe + units[i].outSlots * outBpe);
  const taskBytes = Math.max(1, Math.min(MAX_TASK_BYTES, cap * unitBytes));
  return Math.min(8 * nWorkers, Math.max(2 * nWorkers, Math.floor(RESULT_WINDOW_BYTES / taskBytes)));
}
