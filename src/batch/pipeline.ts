/**
 * BatchPipeline and PipedTransformation (YASS batch/pipeline.py, reference §5.2): run several
 * batch steps one after another, each reading the previous step's output file.
 *
 * Unlike YASS (§7 #10), the pipeline never deletes or modifies the user's input: `keep: false`
 * marks a step's OUTPUT as an intermediate, removed (with its sidecar) once the whole pipeline
 * has succeeded, and only if the pipeline itself wrote it in this run. The last step's output
 * is the result and is always kept. A step that fails leaves no partial file.
 */
import * as fs from "fs";
import * as path from "path";
import { SPYIOError, SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean, checkInteger, checkOneOf, checkOptions, checkString } from "../core/keywords";
import { RAW_DTYPES } from "./reader";
import type { RealDType } from "../core/ndarray";
import { BatchFunction, BatchProcessor, DiskResult } from "./processor";
import { BatchTransform, isBatchTransform } from "./transform";
import type { ChannelsArg } from "./indexGenerator";
import { IfFileExists, checkIfFileExists } from "./outputFile";
import { DataOrder, sidecarPath } from "./sidecar";
import type { SlurmParallel } from "../compute/slurm/options";

export type PipeMode = "single_channel_one_batch" | "single_channel" | "multi_channel";
const PIPE_MODES: readonly PipeMode[] = ["single_channel_one_batch", "single_channel", "multi_channel"];

export interface PipedTransformationOptions {
  keep?: boolean;
  if_file_exists?: IfFileExists;
  cast_dtype?: RealDType | null;
  processes?: number;
  kwargs?: Record<string, unknown>;
  /** This step on a Slurm job array (`{ backend: "slurm", ... }`) or here (false); default: the pipeline's `parallel`. */
  parallel?: SlurmParallel | false | null;
}

/**
 * One step of a BatchPipeline (YASS's PipedTransformation): `fn` (a plain batch function or a
 * spy.batch transformation) applied in `mode`, written to `output_name` in the pipeline's folder.
 * Options: keep (false: an intermediate, removed after success), if_file_exists ("overwrite"),
 * cast_dtype (null), processes (1), kwargs. Bad arguments: SPYTypeError / SPYValueError.
 */
export class PipedTransformation {
  readonly keep: boolean;
  readonly if_file_exists: IfFileExists;
  readonly cast_dtype: RealDType | null;
  readonly processes: number;
  readonly kwargs: Record<string, unknown>;
  readonly parallel: SlurmParallel | false | null | undefined;

  constructor(readonly fn: BatchFunction | BatchTransform, readonly output_name: string, readonly mode: PipeMode, options: PipedTransformationOptions = {}) {
    const opts = checkOptions(options, "PipedTransformation", ["keep", "if_file_exists", "cast_dtype", "processes", "kwargs", "parallel"]) as PipedTransformationOptions;
    if (typeof fn !== "function" && !isBatchTransform(fn)) {
      throw new SPYTypeError("function", fn, "a function (batch, kwargs) => array, or a batch transformation such as spy.batch.butterworth(...)");
    }
    checkString(output_name, "output_name", "a plain file name (no folders), written inside the pipeline's output_path");
    if (output_name !== path.basename(output_name) || output_name.startsWith(".")) {
      throw new SPYValueError("output_name", output_name, "a plain file name (no folders), written inside the pipeline's output_path");
    }
    checkOneOf(mode, "mode", PIPE_MODES);
    this.keep = checkBoolean(opts.keep ?? false, "keep");
    this.if_file_exists = checkIfFileExists(opts.if_file_exists ?? "overwrite");
    this.cast_dtype = opts.cast_dtype ?? null;
    if (this.cast_dtype !== null) checkOneOf(this.cast_dtype, "cast_dtype", RAW_DTYPES);
    this.processes = checkInteger(opts.processes ?? 1, "processes", { min: 1, max: 64 });
    this.kwargs = opts.kwargs ?? {};
    if (typeof this.kwargs !== "object" || Array.isArray(this.kwargs)) throw new SPYTypeError("kwargs", this.kwargs, "an object of keyword arguments");
    // checked in full when the step runs (BatchProcessor's apply), like every apply option
    this.parallel = opts.parallel;
  }
}

/** The options of BatchPipeline: the input's parameters (as RecordingsReaderOptions), batching, and where the steps write. */
export interface BatchPipelineOptions {
  dtype?: string;
  n_channels?: number;
  data_order?: DataOrder;
  max_memory?: number | string;
  /** Folder the steps write into (must exist). */
  output_path: string;
  from_time?: number | null;
  to_time?: number | null;
  channels?: ChannelsArg;
  samplerate?: number;
  show_progress_bar?: boolean;
  /**
   * `{ backend: "slurm", ... }`: every step that is a spy.batch transformation runs as a Slurm job
   * array (plain-function steps run here); a step's own `parallel` overrides it. Default null.
   */
  parallel?: SlurmParallel | false | null;
}

/**
 * Several batch steps run one after another, each reading the previous step's output (YASS's
 * BatchPipeline). Unlike YASS it never deletes or modifies the input; intermediates (`keep: false`)
 * are removed only after the whole pipeline succeeded. The input and options are checked here.
 */
export class BatchPipeline {
  private readonly tasks: PipedTransformation[] = [];
  readonly output_path: string;

  constructor(readonly path_to_input: string, readonly opts: BatchPipelineOptions) {
    checkOptions(opts, "BatchPipeline", ["dtype", "n_channels", "data_order", "max_memory", "output_path", "from_time", "to_time", "channels", "samplerate", "show_progress_bar", "parallel"]);
    const out = checkString(opts?.output_path, "output_path", "the folder the pipeline writes its files into");
    if (!fs.existsSync(out) || !fs.statSync(out).isDirectory()) throw new SPYIOError(out, "is not an existing folder (output_path of the pipeline)");
    this.output_path = path.resolve(out);
    // fail early on a bad input or parameters (the processor checks everything)
    new BatchProcessor(path_to_input, { dtype: opts.dtype, n_channels: opts.n_channels, data_order: opts.data_order, max_memory: opts.max_memory, show_progress_bar: false });
  }

  /**
   * Append one step or several, in order; returns the pipeline (chainable). An output name that is
   * the input's or another step's: SPYValueError; anything but a PipedTransformation: SPYTypeError.
   */
  add(tasks: PipedTransformation | PipedTransformation[]): this {
    for (const t of Array.isArray(tasks) ? tasks : [tasks]) {
      if (!(t instanceof PipedTransformation)) throw new SPYTypeError("tasks", t, "PipedTransformation objects");
      const target = path.join(this.output_path, t.output_name);
      if (path.resolve(target) === path.resolve(this.path_to_input) || sidecarPath(target) === sidecarPath(path.resolve(this.path_to_input))) {
        throw new SPYValueError("output_name", t.output_name, "a name other than the input recording's (the input is never overwritten)");
      }
      if (this.tasks.some((o) => o.output_name === t.output_name)) throw new SPYValueError("output_name", t.output_name, "a name no other step of this pipeline uses");
      this.tasks.push(t);
    }
    return this;
  }

  /** Run every step; returns the output path and parameters of each. */
  async run(): Promise<{ paths: string[]; params: DiskResult["params"][] }> {
    if (this.tasks.length === 0) throw new SPYValueError("tasks", [], "at least one step (pipeline.add([...]))");
    const o = this.opts;
    let input = this.path_to_input;
    let readerOpts: { dtype?: string; n_channels?: number; data_order?: DataOrder } = { dtype: o.dtype, n_channels: o.n_channels, data_order: o.data_order };
    const paths: string[] = [], params: DiskResult["params"][] = [];
    const written: string[] = [];
    let samplerate = o.samplerate;
    for (const [i, t] of this.tasks.entries()) {
      const bp = new BatchProcessor(input, { ...readerOpts, max_memory: o.max_memory, show_progress_bar: o.show_progress_bar, samplerate });
      // the time range and channels select from the original input; later steps read all of the previous output
      const sel = i === 0 ? { from_time: o.from_time, to_time: o.to_time, channels: o.channels } : {};
      const common = { mode: "disk" as const, output_path: path.join(this.output_path, t.output_name), if_file_exists: t.if_file_exists, cast_dtype: t.cast_dtype, processes: t.processes, kwargs: t.kwargs, ...sel,
        parallel: t.parallel !== undefined ? t.parallel : isBatchTransform(t.fn) ? o.parallel : null };
      const res = (t.mode === "multi_channel"
        ? await bp.multi_channel_apply(t.fn, common)
        : await bp.single_channel_apply(t.fn, { ...common, force_complete_channel_batch: t.mode === "single_channel_one_batch" })) as DiskResult;
      if (!res.skipped) written.push(res.path);
      paths.push(res.path);
      params.push(res.params);
      samplerate = res.params.samplerate ?? samplerate;
      input = res.path;
      readerOpts = { dtype: res.params.dtype, n_channels: res.params.n_channels, data_order: res.params.data_order };
    }
    // intermediates: only outputs this run wrote, never the input, never the final result
    const input0 = path.resolve(this.path_to_input);
    this.tasks.forEach((t, i) => {
      const p = paths[i];
      if (t.keep || i === this.tasks.length - 1 || !written.includes(p) || path.resolve(p) === input0) return;
      fs.rmSync(p, { force: true });
      fs.rmSync(sidecarPath(p), { force: true });
    });
    return { paths, params };
  }
}
