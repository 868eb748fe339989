/**
 * BatchProcessor (YASS batch/batch.py, reference §5.2): iterate over a raw recording in batches
 * that fit `max_memory`, or apply a function batch by batch and collect the results in memory or
 * in a new binary file with its YAML sidecar.
 *
 * Two kinds of function:
 * - a plain function `(batch, kwargs) => result` gets YASS's block: the batch widened by
 *   `buffer_size` on each side, zero-padded past the file's ends in the file's dtype;
 *   `cleanup_function(res, idx_local, idx, buffer_size)` may strip the buffer;
 * - a batch transformation (spy.batch.butterworth, ...) gets real rows only and trims its own
 *   buffer, so batched output equals whole-file output; it can run on `processes > 1` workers.
 *
 * Fixed on purpose (reference §7): the sidecar of single_channel_apply says data_order
 * "channels" (its layout), the sidecar never replaces the binary, a failed run leaves no file that
 * looks complete, and max_memory below one observation is an error.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { NDArray, RealDType, TypedArray, arrayConstructor, isNDArray, itemsize as itemsizeOf } from "../core/ndarray";
import { checkBoolean, checkFunction, checkInteger, checkKeywords, checkNumber, checkOneOf, checkOptions, isPlainObject } from "../core/keywords";
import { RecordingsReader, RecordingsReaderOptions, RAW_DTYPES, READER_KEYS } from "./reader";
import { BatchIndex, ChannelsArg, IndexGenerator, TimeRange, resolveChannels, resolveTimeRange } from "./indexGenerator";
import { parseMaxMemory } from "./memory";
import { IfFileExists, OutputFile, OutputParams, checkIfFileExists, checkOutputPath, existingOutput } from "./outputFile";
import { BatchTransform, batchTrims, isBatchTransform } from "./transform";
import { createProgress, Progress } from "./progress";
import { RunOptions, inFlight, runTransformParallel } from "./parallel";
import { checkSlurmApply, runBatchesOnSlurm } from "./slurmBatch";
import type { SlurmParallel } from "../compute/slurm/options";
import { DataOrder, readSidecar, sidecarPath } from "./sidecar";
import { maxOf } from "../core/extrema";

/** The options of BatchProcessor: RecordingsReader's (dtype, n_channels, data_order, buffer_size, loader) and batching. */
export interface BatchProcessorOptions extends Omit<RecordingsReaderOptions<boolean>, "return_data_index"> {
  /** Bytes of data per batch: a number or "N[K|M|G][B]", 1024-based. Default "1GB". */
  max_memory?: number | string;
  /** Show a progress bar while applying (default true). */
  show_progress_bar?: boolean;
  /** Written to output sidecars (YASS does not know it; load_raw uses it). */
  samplerate?: number;
}

export interface BatchInfo { idx_local: { start: number; stop: number }; idx: { start: number; stop: number; channels: number[] } }

export type BatchFunction = (batch: NDArray, kwargs: Record<string, unknown>) => NDArray | TypedArray;
export type CleanupFunction = (res: NDArray, idx_local: BatchInfo["idx_local"], idx: BatchInfo["idx"], buffer_size: number) => NDArray | TypedArray;

/** The options of multi_channel_apply / single_channel_apply (YASS's names); from_time / to_time are observation indices. */
export interface ApplyOptions extends TimeRange {
  /** "disk": write a binary file with its YAML sidecar (a DiskResult); "memory": return the results. */
  mode: "disk" | "memory";
  /** The output file (mode "disk"; never the input). */
  output_path?: string;
  /** "all" (default), a channel index or a list of them. */
  channels?: ChannelsArg;
  /** An existing output: "overwrite" (default), "skip" (return it) or "abort" (SPYValueError). */
  if_file_exists?: IfFileExists;
  /** Cast each result to this dtype before writing or returning (default null: keep). */
  cast_dtype?: RealDType | null;
  /** A plain function's `(res, idx_local, idx, buffer_size) => array`, e.g. to strip the buffer. */
  cleanup_function?: CleanupFunction | null;
  /** Add `idx_local` and `idx` to the kwargs of a plain function. */
  pass_batch_info?: boolean;
  /** Memory mode: pass the previous batch's result as `previous_batch`; only the last result is returned. */
  pass_batch_results?: boolean;
  /** Worker threads (batch transformations only); the output is written in batch order. */
  processes?: number;
  /**
   * `{ backend: "slurm", ... }`: run the batches as a Slurm job array (batch transformations,
   * mode "disk"; the recording must be on a filesystem the compute nodes see). The output file is
   * byte-identical to a local run's; max_memory and `processes` then apply to each task.
   * Default null: run here. See the README's "Running on a cluster".
   */
  parallel?: SlurmParallel | false | null;
  /** Extra keyword arguments for the function. */
  kwargs?: Record<string, unknown>;
}

export interface SingleChannelApplyOptions extends ApplyOptions { force_complete_channel_batch?: boolean }

/** A disk run's result: the output file, its parameters (dtype, n_channels, data_order, samplerate), its sidecar, and whether an existing file was kept ("skip"). */
export interface DiskResult { path: string; params: OutputParams; sidecar: string; skipped?: boolean }

const MODES = ["disk", "memory"] as const;
const PROCESSOR_KEYS = [...READER_KEYS.filter((k) => k !== "return_data_index"), "max_memory", "show_progress_bar", "samplerate"];
const APPLY_KEYS = ["mode", "output_path", "channels", "if_file_exists", "cast_dtype", "cleanup_function", "pass_batch_info",
  "pass_batch_results", "processes", "kwargs", "from_time", "to_time", "parallel"];

/**
 * A raw recording processed in batches that fit `max_memory` (YASS's BatchProcessor): iterate
 * (multi_channel, single_channel) or apply a function or spy.batch transformation batch by batch,
 * collecting results in memory or in a new binary file with its YAML sidecar.
 */
export class BatchProcessor {
  readonly reader: RecordingsReader;
  readonly max_memory: number;
  readonly buffer_size: number;
  readonly show_progress_bar: boolean;
  readonly samplerate: number | undefined;
  /** YASS's `indexer`: batches sized by the file's itemsize (iteration reads only). */
  readonly indexer: IndexGenerator;

  constructor(path_to_recordings: string, options: BatchProcessorOptions = {}) {
    const opts = checkOptions(options, "BatchProcessor", PROCESSOR_KEYS) as BatchProcessorOptions;
    const { max_memory = "1GB", show_progress_bar = true, samplerate: _sr, ...readerOpts } = opts;
    this.reader = new RecordingsReader(path_to_recordings, { ...readerOpts, return_data_index: false });
    // outputs carry the samplerate on when the input's sidecar has one
    const samplerate = opts.samplerate ?? readSidecar(path_to_recordings)?.samplerate;
    this.max_memory = parseMaxMemory(max_memory);
    this.buffer_size = this.reader.buffer_size;
    this.show_progress_bar = bool("show_progress_bar", show_progress_bar);
    if (samplerate !== undefined) checkNumber(samplerate, "samplerate", { gt: 0 });
    this.samplerate = samplerate;
    this.indexer = new IndexGenerator(this.reader.n_observations, this.reader.n_channels, this.reader.itemsize, this.max_memory);
    // fail now, not at the first batch, when max_memory cannot hold one observation
    this.indexer.observationsPerBatch(1, this.buffer_size);
  }

  get n_observations(): number { return this.reader.n_observations; }
  get n_channels(): number { return this.reader.n_channels; }
  get dtype(): RealDType { return this.reader.dtype; }

  // ------------------------------------------------------------------------------- iteration

  /** Blocks [obs + 2 buffer, channels] (zero-padded past the file's ends), or their indexes. */
  *multi_channel(options: TimeRange & { channels?: ChannelsArg; return_data?: boolean } = {}): Generator<NDArray | BatchIndex> {
    const opts = checkOptions(options, "BatchProcessor.multi_channel", ["from_time", "to_time", "channels", "return_data"]) as TimeRange & { channels?: ChannelsArg; return_data?: boolean };
    const returnData = bool("return_data", opts.return_data ?? true);
    for (const idx of this.indexer.multi_channel({ from_time: opts.from_time, to_time: opts.to_time }, opts.channels ?? "all", this.buffer_size)) {
      yield returnData ? this.paddedBlock(idx) : idx;
    }
  }

  /**
   * One channel at a time: its data as 1-D arrays (with the buffer), and with
   * force_complete_channel_batch false, `{ data, channel }` pieces as in YASS.
   */
  *single_channel(options: TimeRange & { channels?: ChannelsArg; force_complete_channel_batch?: boolean } = {}): Generator<NDArray | { data: NDArray; channel: number }> {
    const opts = checkOptions(options, "BatchProcessor.single_channel", ["from_time", "to_time", "channels", "force_complete_channel_batch"]) as TimeRange & { channels?: ChannelsArg; force_complete_channel_batch?: boolean };
    const force = bool("force_complete_channel_batch", opts.force_complete_channel_batch ?? true);
    for (const idx of this.indexer.single_channel({ from_time: opts.from_time, to_time: opts.to_time }, opts.channels ?? "all", force, this.buffer_size)) {
      const b = this.paddedBlock(idx);
      const data: NDArray = { data: b.data, shape: [b.shape[0]], dtype: b.dtype };
      yield force ? data : { data, channel: idx.channels[0] };
    }
  }

  /** YASS's block: rows [start - b, stop + b) in the file's dtype, zeros past the ends. */
  private paddedBlock(idx: BatchIndex, into?: TypedArray): NDArray {
    return this.reader.readPaddedRows(idx.start, idx.stop, this.buffer_size, idx.channels, into);
  }

  // ------------------------------------------------------------------------------- apply

  /** Apply `fn` to multi-channel batches; disk output is in "samples" order. */
  multi_channel_apply(fn: BatchFunction | BatchTransform, opts: ApplyOptions & { mode: "disk" }): Promise<DiskResult>;
  multi_channel_apply(fn: BatchFunction | BatchTransform, opts: ApplyOptions & { mode: "memory" }): Promise<NDArray[]>;
  multi_channel_apply(fn: BatchFunction | BatchTransform, opts: ApplyOptions): Promise<DiskResult | NDArray[]>;
  async multi_channel_apply(fn: BatchFunction | BatchTransform, opts: ApplyOptions): Promise<DiskResult | NDArray[]> {
    const o = this.checkApply(fn, opts, "multi_channel_apply");
    const nSel = resolveChannels(o.channels, this.n_channels).length;
    const gen = this.generator(fn, this.bytesPerValue(fn, o, nSel), nSel, this.bufferFor(fn));
    const batches = [...gen.multi_channel(o.range, o.channels, this.bufferFor(fn))];
    return this.run(fn, o, batches, "samples");
  }

  /** Apply `fn` to one channel at a time; disk output is in "channels" order (and its sidecar says so). */
  single_channel_apply(fn: BatchFunction | BatchTransform, opts: SingleChannelApplyOptions & { mode: "disk" }): Promise<DiskResult>;
  single_channel_apply(fn: BatchFunction | BatchTransform, opts: SingleChannelApplyOptions & { mode: "memory" }): Promise<NDArray[]>;
  single_channel_apply(fn: BatchFunction | BatchTransform, opts: SingleChannelApplyOptions): Promise<DiskResult | NDArray[]>;
  async single_channel_apply(fn: BatchFunction | BatchTransform, opts: SingleChannelApplyOptions): Promise<DiskResult | NDArray[]> {
    const o = this.checkApply(fn, opts, "single_channel_apply", ["force_complete_channel_batch"]);
    const force = bool("force_complete_channel_batch", opts.force_complete_channel_batch ?? true);
    const gen = this.generator(fn, this.bytesPerValue(fn, o, 1), 1, this.bufferFor(fn));
    const batches = [...gen.single_channel(o.range, o.channels, force, this.bufferFor(fn))];
    return this.run(fn, o, batches, "channels");
  }

  /** The buffer a run uses: the processor's, or more when a transformation needs more for exact results. */
  private bufferFor(fn: BatchFunction | BatchTransform): number {
    return isBatchTransform(fn) ? Math.max(this.buffer_size, fn.buffer) : this.buffer_size;
  }

  /**
   * The share of max_memory the batches get. A transformation with a statistics pass (`prepare`,
   * e.g. standardize) gives a quarter to the pass and three quarters to the batches: what the pass
   * held (its buffers until the next garbage collection, the filter's wasm memory, which never
   * shrinks) may still be resident while the batches run. A quarter is enough for the pass (it
   * works on groups of channels) and keeps the batches large.
   */
  private batchBudget(fn: BatchFunction | BatchTransform): number {
    return isBatchTransform(fn) && fn.prepare ? Math.max(1, this.max_memory - Math.floor(this.max_memory / 4)) : this.max_memory;
  }

  /**
   * The batches' index generator: with the batch budget, or, when three quarters of a tiny
   * max_memory cannot hold one observation with its buffer, with all of it (as before the split;
   * the statistics pass then exceeds its share anyway: one channel's window is its minimum).
   */
  private generator(fn: BatchFunction | BatchTransform, perValue: number, nSel: number, buffer: number): IndexGenerator {
    const budget = this.batchBudget(fn);
    const gen = new IndexGenerator(this.n_observations, this.n_channels, perValue, budget);
    if (budget === this.max_memory || Math.floor(budget / (nSel * perValue)) - 2 * buffer >= 1) return gen;
    return new IndexGenerator(this.n_observations, this.n_channels, perValue, this.max_memory);
  }

  /**
   * Bytes held per value of a batch's block (its rows including the buffer, times its channels),
   * so that observations per batch = budget / (channels x this) - 2 x buffer keeps every buffer of
   * the run within max_memory:
   * - the block read, in the file's dtype: two on one thread (the one read ahead), or with workers
   *   one per batch in flight (2 processes + 1; workers that read their blocks from the file
   *   themselves hold one each, in their own memory, so this bounds them from above);
   * - the transformation's scratch (`workBytesPerValue`) and its result (`outDtype`), kept by each
   *   thread that computes: the main thread, or each of the `processes` workers;
   * - with workers, the results packed for the main thread, one per batch in flight; or, when the
   *   workers write their results to disk themselves (no cast), two result buffers per worker;
   * - the cast (`cast_dtype`) and, on disk from the main thread, the copy being written
   *   (page-aligned staging), once each.
   * A plain function's result counts as float64 (8 bytes a value). In memory mode the results
   * collected for the caller are the caller's, not counted.
   */
  private bytesPerValue(fn: BatchFunction | BatchTransform, o: { cast: RealDType | null; processes: number; mode: string }, channels: number): number {
    const isz = this.reader.itemsize;
    const cast = o.cast ? itemsizeOf(o.cast) : 0;
    const disk = o.mode === "disk";
    if (!isBatchTransform(fn)) return isz + 8 + cast + (disk ? (o.cast ? cast : 8) : 0);
    const out = itemsizeOf(fn.outDtype);
    const p = o.processes;
    const blocks = inFlight(p);
    const work = fn.workBytesPerValueFor ? fn.workBytesPerValueFor(channels) : fn.workBytesPerValue;
    // workers writing their results themselves (disk, no cast) hold two result buffers each and
    // nothing is staged; otherwise each batch in flight has a packed result, and the disk staging one.
    // One thread on disk without a cast also computes into two result buffers, one being written
    // (parallel.ts' WriteBehind): the work + out + out below, as much as result and staging were.
    const direct = p > 1 && disk && !o.cast;
    const results = p > 1 ? (direct ? 2 * p : blocks) * out : 0;
    return isz * blocks + (work + out) * p + results + cast + (disk && !direct ? (o.cast ? cast : out) : 0);
  }

  private checkApply(fn: unknown, opts: ApplyOptions, where: string, extraKeys: string[] = []) {
    if (typeof fn !== "function" && !isBatchTransform(fn)) {
      throw new SPYTypeError("function", fn, "a function (batch, kwargs) => array, or a batch transformation such as spy.batch.butterworth(...)");
    }
    // the options are required (mode has no default): no options is a type error about them
    if (!isPlainObject(opts)) throw new SPYTypeError("options", opts, `an object with at least { mode: "disk" | "memory" } for ${where}`);
    checkKeywords(opts, [...APPLY_KEYS, ...extraKeys], `BatchProcessor.${where}`);
    const mode = checkOneOf(opts.mode, "mode", MODES);
    const ifExists = checkIfFileExists(opts.if_file_exists ?? "overwrite");
    const cast = opts.cast_dtype ?? null;
    if (cast !== null) checkOneOf(cast, "cast_dtype", RAW_DTYPES);
    const cleanup = opts.cleanup_function ?? null;
    if (cleanup !== null) checkFunction(cleanup, "cleanup_function", "a function (res, idx_local, idx, buffer_size) => array");
    const passInfo = bool("pass_batch_info", opts.pass_batch_info ?? false);
    const passResults = bool("pass_batch_results", opts.pass_batch_results ?? false);
    if (passResults && mode !== "memory") throw new SPYValueError("pass_batch_results", true, `false with mode "disk"`, "only mode \"memory\" passes batch results");
    const processes = checkInteger(opts.processes ?? 1, "processes", { min: 1, max: 64 });
    if (processes > 1) {
      if (!isBatchTransform(fn)) {
        throw new SPYValueError("processes", processes, "1 for a plain function", "workers cannot load a function defined in a notebook or script: use a spy.batch transformation or spy.batch.defineTransform({ module, name })");
      }
      if (mode !== "disk") throw new SPYValueError("processes", processes, `1 with mode "memory"`, "parallel runs write their output to disk, in order");
    }
    if (isBatchTransform(fn) && (cleanup || passInfo || passResults)) {
      throw new SPYValueError(cleanup ? "cleanup_function" : passInfo ? "pass_batch_info" : "pass_batch_results", true, "not set for a batch transformation", "transformations trim their own buffer");
    }
    const kwargs = opts.kwargs ?? {};
    if (kwargs === null || typeof kwargs !== "object" || Array.isArray(kwargs)) throw new SPYTypeError("kwargs", kwargs, "an object of keyword arguments");
    // validated here so that errors come before any file is touched
    const range: TimeRange = { from_time: opts.from_time, to_time: opts.to_time };
    resolveTimeRange(range, this.n_observations);
    const channels = opts.channels ?? "all";
    resolveChannels(channels, this.n_channels);
    const outPath = mode === "disk" ? checkOutputPath(opts.output_path, this.reader.path) : null;
    const slurm = checkSlurmApply(opts.parallel, isBatchTransform(fn), mode);
    return { mode, outPath, ifExists, cast, cleanup, passInfo, passResults, processes, kwargs, range, channels, slurm };
  }

  private async run(fn: BatchFunction | BatchTransform, o: ReturnType<BatchProcessor["checkApply"]>, batches: BatchIndex[], order: DataOrder): Promise<DiskResult | NDArray[]> {
    if (o.outPath) {
      const existing = existingOutput(o.outPath, o.ifExists);
      if (existing) return { ...existing, sidecar: sidecarPath(existing.path), skipped: true };
    }
    const label = isBatchTransform(fn) ? fn.name : fn.name || "function";
    const progress = createProgress(label, batches.length, this.show_progress_bar);
    const out = o.outPath ? new OutputFile(o.outPath) : null;
    try {
      const result = isBatchTransform(fn)
        ? await this.runTransform(fn, o, batches, out, progress)
        : this.runPlain(fn, o, batches, out, progress, order);
      progress.stop();
      if (!out) return result.memory!;
      const params: OutputParams = { dtype: result.dtype, n_channels: result.nChannels, data_order: order, ...(this.samplerate ? { samplerate: this.samplerate } : {}) };
      return await out.commit(params);
    } catch (e) {
      await out?.discard();
      progress.stop(e as Error);
      throw e;
    }
  }

  /** Plain functions, on the main thread, with YASS's zero-padded blocks. */
  private runPlain(fn: BatchFunction, o: ReturnType<BatchProcessor["checkApply"]>, batches: BatchIndex[], out: OutputFile | null, progress: Progress, order: DataOrder) {
    const b = this.buffer_size;
    const maxRows = maxOf(batches.map((x) => x.stop - x.start)) + 2 * b;
    const block = new (arrayConstructor(this.dtype))(maxRows * maxOf(batches.map((x) => x.channels.length)));
    const memory: NDArray[] = [];
    let previous: NDArray | undefined = undefined;
    let dtype: string | null = null, nChannels = -1, bytes = 0;
    const castBuf = new Reusable();
    batches.forEach((idx, k) => {
      const data = this.paddedBlock(idx, block);
      const info: BatchInfo = { idx_local: { start: b, stop: b + idx.stop - idx.start }, idx: { start: idx.start, stop: idx.stop, channels: idx.channels } };
      const kw: Record<string, unknown> = { ...o.kwargs };
      if (o.passInfo) Object.assign(kw, info);
      if (o.passResults) kw.previous_batch = previous;
      let res = asNDArray(callUser(fn, data, kw, k, idx), "function", k, idx);
      if (o.cleanup) res = asNDArray(o.cleanup(res, info.idx_local, info.idx, b), "cleanup_function", k, idx);
      // on disk the cast is written at once: one reused array; in memory each result is kept
      if (o.cast) res = castTo(res, o.cast, out ? castBuf : undefined);
      bytes += (idx.stop - idx.start) * idx.channels.length * this.reader.itemsize;
      if (out) {
        // one channel per batch in channels order: the file's channels are the channels visited
        const ch = order === "channels" ? 1 : res.shape.length >= 2 ? res.shape[res.shape.length - 1] : 1;
        if (dtype !== null && (dtype !== res.dtype || ch !== nChannels)) {
          throw new SPYValueError("function", fn.name || "function", "results of one dtype and channel count for every batch",
            `batch ${k} gave ${res.dtype} with ${ch} channel(s), earlier batches ${dtype} with ${nChannels}`);
        }
        dtype = res.dtype; nChannels = ch;
        out.append(bytesOf(res.data));
      } else if (o.passResults) {
        previous = res;
      } else {
        // the block buffer is reused: a result that is a view of it must be copied
        memory.push(res.data.buffer === block.buffer ? { ...res, data: res.data.slice() } : res);
      }
      progress.update(k + 1, bytes);
    });
    if (o.passResults && previous) memory.push(previous);
    if (order === "channels") nChannels = new Set(batches.map((x) => x.channels[0])).size;
    return { memory, dtype: dtype ?? this.dtype, nChannels: nChannels < 0 ? 0 : nChannels };
  }

  /** Batch transformations: real rows with the transformation's buffer, sequential or on workers. */
  private async runTransform(fn: BatchTransform, o: ReturnType<BatchProcessor["checkApply"]>, batches: BatchIndex[], out: OutputFile | null, progress: Progress) {
    const buffer = this.bufferFor(fn);
    const n = this.n_observations;
    const extra = fn.prepare ? fn.prepare({
      n_observations: n, channels: batches[0].channels, from: batches[0].start, to: batches[batches.length - 1].stop,
      // the rest of max_memory is the batches' (batchBudget)
      max_memory: this.max_memory - this.batchBudget(fn), itemsize: this.reader.itemsize,
      read: (s, e, ch, into) => this.reader.readRows(s, e, ch, into),
      allocate: (k) => new (arrayConstructor(this.dtype))(k),
    }) : {};
    const kwargs = { ...fn.kwargs, ...o.kwargs, ...extra, trims: batchTrims(batches, buffer, n) };
    const nCh = batches[0].channels.length;
    const memory: NDArray[] = [];
    // disk: the cast goes into one reused array (written before the next batch is cast)
    const castBuf = new Reusable();
    const sink = (k: number, res: NDArray): void | Promise<void> => {
      if (!out) {
        const r = o.cast ? castTo(res, o.cast) : res;
        memory.push(r === res ? { ...r, data: r.data.slice() } : r);
        return;
      }
      const r = o.cast ? castTo(res, o.cast, castBuf) : res;
      // copied, then written in the background while the next batch is computed
      return out.write(bytesOf(r.data));
    };
    const read = (k: number, into?: TypedArray) => {
      const idx = batches[k];
      return this.reader.readRows(Math.max(0, idx.start - buffer), Math.min(n, idx.stop + buffer), idx.channels, into);
    };
    if (o.slurm) {
      const { trims: _trims, ...rest } = kwargs;
      const r = this.reader;
      await runBatchesOnSlurm(o.slurm, {
        fn, kwargs: rest, batches, buffer, processes: o.processes, n_observations: n, itemsize: r.itemsize,
        input: { path: r.path, dtype: r.dtype, n_channels: r.n_channels, data_order: r.data_order },
      }, sink, progress);
    } else {
      // rows stored as one run of the file: read one batch ahead on one thread, or by the workers
      const run: RunOptions = { processes: o.processes, itemsize: this.reader.itemsize, dtype: this.dtype, buffer, input: contiguousBlocks(this.reader, batches, buffer) };
      // on disk without a cast, results are written from the memory they are computed in: by the
      // workers themselves, or behind the next batch on one thread
      if (out && !o.cast) run.output = directOutput(batches, fn.outDtype, out);
      await runTransformParallel(fn, kwargs, batches, read, sink, progress, run);
    }
    return { memory, dtype: o.cast ?? fn.outDtype, nChannels: nCh };
  }
}

/**
 * Where workers write each batch's result (runTransformParallel's `output`): the byte positions
 * follow the batches, each result [rows, channels] of `outDtype`, one after the other.
 */
function directOutput(batches: BatchIndex[], outDtype: RealDType, out: OutputFile): RunOptions["output"] {
  const outItem = itemsizeOf(outDtype);
  const positions: number[] = [];
  let total = 0;
  for (const b of batches) {
    positions.push(total);
    total += (b.stop - b.start) * b.channels.length * outItem;
  }
  const target = out.positioned(total);
  return { file: target.file, direct: target.direct, positions, edges: target.landed, writeError: target.writeError };
}

/**
 * Each batch's block (the batch and its buffer, clipped at the file's ends) as a byte range of the
 * recording (runTransformParallel's `input`) when every block is one contiguous run of the file
 * (RecordingsReader.rowsSpan); else undefined (the blocks are read by the reader, on the main thread).
 */
function contiguousBlocks(reader: RecordingsReader, batches: BatchIndex[], buffer: number): RunOptions["input"] {
  const n = reader.n_observations;
  const blocks: NonNullable<RunOptions["input"]>["blocks"] = [];
  for (const b of batches) {
    const span = reader.rowsSpan(Math.max(0, b.start - buffer), Math.min(n, b.stop + buffer), b.channels);
    if (span === null) return undefined;
    blocks.push(span);
  }
  return { path: reader.path, blocks };
}

/** A boolean option (absent means its default, already filled in by the caller). */
function bool(name: string, v: unknown): boolean {
  return checkBoolean(v, name);
}

function callUser(fn: BatchFunction, data: NDArray, kw: Record<string, unknown>, k: number, idx: BatchIndex): unknown {
  try {
    return fn(data, kw);
  } catch (e) {
    const err = e as Error;
    err.message = `function failed on batch ${k} (observations ${idx.start}..${idx.stop}, channels ${fmtChannels(idx.channels)}): ${err.message}`;
    throw err;
  }
}

function fmtChannels(ch: number[]): string {
  return ch.length <= 6 ? `[${ch.join(", ")}]` : `[${ch[0]}, …, ${ch[ch.length - 1]}] (${ch.length})`;
}

function asNDArray(res: unknown, what: string, k: number, idx: BatchIndex): NDArray {
  if (isNDArray(res)) return res;
  if (ArrayBuffer.isView(res) && !(res instanceof DataView)) {
    const data = res as TypedArray;
    const dtype = dtypeOf(data);
    const nSel = idx.channels.length;
    return { data, dtype, shape: nSel > 1 && data.length % nSel === 0 ? [data.length / nSel, nSel] : [data.length] };
  }
  throw new SPYTypeError(what, res, `an NDArray or a typed array as result (batch ${k} returned something else)`);
}

function dtypeOf(a: TypedArray): RealDType {
  const name = a.constructor.name.replace("Array", "").toLowerCase();
  const map: Record<string, RealDType> = { float32: "float32", float64: "float64", int8: "int8", uint8: "uint8", int16: "int16", uint16: "uint16", int32: "int32", uint32: "uint32" };
  const d = map[name];
  if (!d) throw new SPYTypeError("function", a, `a result of dtype ${Object.keys(map).join(", ")}`);
  return d;
}

/**
 * numpy's astype: truncation toward zero and wrap-around for integer targets (typed-array
 * semantics). With `into`, the result is a view of that reused array (valid until its next use).
 */
export function castTo(a: NDArray, dtype: RealDType, into?: Reusable): NDArray {
  if (a.dtype === dtype) return a;
  const data = into ? into.get(dtype, a.data.length) : new (arrayConstructor(dtype))(a.data.length);
  data.set(a.data as ArrayLike<number>);
  return { data, shape: a.shape, dtype };
}

/** One array reused for every batch of a run (a fresh one per batch is garbage that outgrows max_memory before V8 collects it). */
class Reusable {
  private a: TypedArray | null = null;
  /** The first n values of an array of `dtype` (grown when too small; contents undefined). */
  get(dtype: RealDType, n: number): TypedArray {
    const Ctor = arrayConstructor(dtype);
    if (!this.a || !(this.a instanceof Ctor) || this.a.length < n) this.a = new Ctor(n);
    return this.a.length === n ? this.a : this.a.subarray(0, n) as TypedArray;
  }
}

function bytesOf(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
