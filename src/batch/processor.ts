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
import { runTransformParallel } from "./parallel";
import { DataOrder, readSidecar, sidecarPath } from "./sidecar";
import { maxOf } from "../core/extrema";

export interface BatchProcessorOptions extends Omit<RecordingsReaderOptions<boolean>, "return_data_index"> {
  /** Bytes of data per batch: a number or "N[K|M|G][B]", 1024-based. Default "1GB". */
  max_memory?: number | string;
  show_progress_bar?: boolean;
  /** Written to output sidecars (YASS does not know it; load_raw uses it). */
  samplerate?: number;
}

export interface BatchInfo { idx_local: { start: number; stop: number }; idx: { start: number; stop: number; channels: number[] } }

export type BatchFunction = (batch: NDArray, kwargs: Record<string, unknown>) => NDArray | TypedArray;
export type CleanupFunction = (res: NDArray, idx_local: BatchInfo["idx_local"], idx: BatchInfo["idx"], buffer_size: number) => NDArray | TypedArray;

export interface ApplyOptions extends TimeRange {
  mode: "disk" | "memory";
  output_path?: string;
  channels?: ChannelsArg;
  if_file_exists?: IfFileExists;
  cast_dtype?: RealDType | null;
  cleanup_function?: CleanupFunction | null;
  /** Add `idx_local` and `idx` to the kwargs of a plain function. */
  pass_batch_info?: boolean;
  /** Memory mode: pass the previous batch's result as `previous_batch`; only the last result is returned. */
  pass_batch_results?: boolean;
  /** Worker threads (batch transformations only); the output is written in batch order. */
  processes?: number;
  /** Extra keyword arguments for the function. */
  kwargs?: Record<string, unknown>;
}

export interface SingleChannelApplyOptions extends ApplyOptions { force_complete_channel_batch?: boolean }

export interface DiskResult { path: string; params: OutputParams; sidecar: string; skipped?: boolean }

const MODES = ["disk", "memory"] as const;
const PROCESSOR_KEYS = [...READER_KEYS.filter((k) => k !== "return_data_index"), "max_memory", "show_progress_bar", "samplerate"];
const APPLY_KEYS = ["mode", "output_path", "channels", "if_file_exists", "cast_dtype", "cleanup_function", "pass_batch_info",
  "pass_batch_results", "processes", "kwargs", "from_time", "to_time"];

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
    const perValue = this.bytesPerValue(fn, o);
    const gen = new IndexGenerator(this.n_observations, this.n_channels, perValue, this.max_memory);
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
    const perValue = this.bytesPerValue(fn, o);
    const gen = new IndexGenerator(this.n_observations, this.n_channels, perValue, this.max_memory);
    const batches = [...gen.single_channel(o.range, o.channels, force, this.bufferFor(fn))];
    return this.run(fn, o, batches, "channels");
  }

  /** The buffer a run uses: the processor's, or more when a transformation needs more for exact results. */
  private bufferFor(fn: BatchFunction | BatchTransform): number {
    return isBatchTransform(fn) ? Math.max(this.buffer_size, fn.buffer) : this.buffer_size;
  }

  /**
   * Bytes per value held per batch: the block read, the function's scratch and result, the cast;
   * times the batches in flight; plus, for transformations written to disk, the copy being written
   * while the next batch is computed.
   */
  private bytesPerValue(fn: BatchFunction | BatchTransform, o: { cast: RealDType | null; processes: number; mode: string }): number {
    const transform = isBatchTransform(fn);
    const work = transform ? fn.workBytesPerValue + itemsizeOf(fn.outDtype) : 8;
    const written = o.cast ? itemsizeOf(o.cast) : transform ? itemsizeOf(fn.outDtype) : 8;
    const perBatch = this.reader.itemsize + work + (o.cast ? itemsizeOf(o.cast) : 0);
    return perBatch * (o.processes > 1 ? o.processes + 1 : 1) + (transform && o.mode === "disk" ? written : 0);
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
    return { mode, outPath, ifExists, cast, cleanup, passInfo, passResults, processes, kwargs, range, channels };
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
    batches.forEach((idx, k) => {
      const data = this.paddedBlock(idx, block);
      const info: BatchInfo = { idx_local: { start: b, stop: b + idx.stop - idx.start }, idx: { start: idx.start, stop: idx.stop, channels: idx.channels } };
      const kw: Record<string, unknown> = { ...o.kwargs };
      if (o.passInfo) Object.assign(kw, info);
      if (o.passResults) kw.previous_batch = previous;
      let res = asNDArray(callUser(fn, data, kw, k, idx), "function", k, idx);
      if (o.cleanup) res = asNDArray(o.cleanup(res, info.idx_local, info.idx, b), "cleanup_function", k, idx);
      if (o.cast) res = castTo(res, o.cast);
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
      max_memory: this.max_memory, itemsize: this.reader.itemsize,
      read: (s, e, ch) => this.reader.readRows(s, e, ch),
    }) : {};
    const kwargs = { ...fn.kwargs, ...o.kwargs, ...extra, trims: batchTrims(batches, buffer, n) };
    const nCh = batches[0].channels.length;
    const memory: NDArray[] = [];
    const sink = (k: number, res: NDArray): void | Promise<void> => {
      const r = o.cast ? castTo(res, o.cast) : res;
      if (!out) {
        memory.push({ ...r, data: r.data.slice() });
        return;
      }
      // copied, then written in the background while the next batch is computed
      return out.write(bytesOf(r.data));
    };
    const read = (k: number, into?: TypedArray) => {
      const idx = batches[k];
      return this.reader.readRows(Math.max(0, idx.start - buffer), Math.min(n, idx.stop + buffer), idx.channels, into);
    };
    await runTransformParallel(fn, kwargs, batches, read, sink, progress, { processes: o.processes, itemsize: this.reader.itemsize, dtype: this.dtype, buffer });
    return { memory, dtype: o.cast ?? fn.outDtype, nChannels: nCh };
  }
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

/** numpy's astype: truncation toward zero and wrap-around for integer targets (typed-array semantics). */
export function castTo(a: NDArray, dtype: RealDType): NDArray {
  if (a.dtype === dtype) return a;
  const data = new (arrayConstructor(dtype))(a.data.length);
  data.set(a.data as ArrayLike<number>);
  return { data, shape: a.shape, dtype };
}

function bytesOf(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
