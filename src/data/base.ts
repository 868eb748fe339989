/**
 * BaseData: what every data class shares. Trials live in an Arrow file (TrialStore) and are
 * read one at a time; everything else (axes, trialdefinition, cfg, log, info, metadata) is
 * small and kept in memory, and written to the file's schema metadata on save.
 *
 * Trials are stored in the class's default dimord order, stacking dimension first.
 */
import { inspect } from "util";
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean, checkOptions, isPlainObject } from "../core/keywords";
import { DType, NDArray, TypedArray, isNDArray, fromNested, ascontiguous } from "../core/ndarray";
import type { FileSpan } from "../core/computeTypes";
import { ResolvedSelection, SelectableInfo, SelectionSpec, resolveSelection } from "./selection";
import { TrialDefinition, cloneTrialDefinition, parseTrialDefinition } from "./trialdefinition";
import { TrialBackend, TrialStore, TrialStoreWriter } from "./trialstore";
import { takeAxes, squeeze } from "./take";
import { logEntry, logHeader } from "./log";
import { StackView } from "./stackview";
import { saveData } from "./save";

export type TrialInput = NDArray | number[][] | number[][][] | number[][][][];

/**
 * Lazy trial access: `data.trials.get(k)` or `data.trials[k]` (Syncopy's form) reads ONE trial;
 * iteration streams. An index that names no trial is an error, also in brackets
 * (`data.trials[99]`, `data.trials[-1]`, `data.trials[1.5]`), as in Syncopy; so is a list of
 * indices in brackets (`data.trials[[0, 2]]`, a SPYTypeError as Syncopy's `trials[range(4)]`).
 */
export class TrialIndexer implements Iterable<NDArray> {
  readonly [k: number]: NDArray;
  constructor(private readonly owner: BaseData) {
    return new Proxy(this, {
      get(target, prop, receiver) {
        if (typeof prop === "string" && /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(prop)) return target.get(Number(prop));
        // data.trials[[0, 2]] (an array key arrives as "0,2"): one trial per access, as in Syncopy
        if (typeof prop === "string" && /^[-\d.e+]+(,[-\d.e+]*)+$/i.test(prop)) {
          throw new SPYTypeError("trials", `[${prop}]`, "one trial index (integer) per access, data.trials[k]; several trials: spy.selectdata(data, { trials: [...] }) or iterate");
        }
        return Reflect.get(target, prop, receiver);
      },
    });
  }
  get length(): number { return this.owner.nTrials; }
  /**
   * Trial `k` (0-based) as an NDArray, stacking axis first, read from storage now. Throws
   * SPYTypeError for a non-number, SPYValueError for an index outside [0, nTrials − 1].
   */
  get(k: number): NDArray {
    if (typeof k !== "number") throw new SPYTypeError("trials", k, "a trial index (integer)");
    if (!Number.isInteger(k) || k < 0 || k >= this.length) {
      throw new SPYValueError("trials", k, `the index of an existing trial, an integer in [0, ${this.length - 1}]`);
    }
    return this.owner.readStoredTrial(k);
  }
  /** The trials in order, one read per step (`for (const t of data.trials)`). */
  *[Symbol.iterator](): Iterator<NDArray> {
    for (let k = 0; k < this.length; k++) yield this.get(k);
  }
}

export interface CommonProps {
  cfg?: Record<string, unknown>;
  log?: string;
  info?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/**
 * What every spyts data class shares (Syncopy's BaseData): trials read lazily from an Arrow file,
 * the trialdefinition, selections and `show`, `cfg`, `log`, `info`, extra datasets, save and the
 * arithmetic methods. Abstract: construct AnalogData, SpectralData, SpikeData, ... instead.
 */
export abstract class BaseData implements SelectableInfo {
  abstract readonly className: string;
  /** Syncopy's file extension, "." + class name before "Data", lower case. */
  abstract readonly fileExtension: string;
  abstract readonly selectionKeywords: string[];
  readonly dimord: string[];
  samplerate = 1;
  cfg: Record<string, unknown> = {};
  metadata: Record<string, unknown> = {};
  /** The trial rows (internal; `trialdefinition` hands out copies). */
  private _trl: TrialDefinition = [];
  private _info: Record<string, unknown> = {};
  private _infoView: Record<string, unknown> | null = null;
  protected _log = "";
  protected store: TrialBackend | null = null;
  /** Set by definetrial: trials are windows of the stacked axis over the stored trials. */
  private stackView: StackView | null = null;
  /** Extra datasets beside the trials (see setDataset). */
  private _datasets = new Map<string, NDArray>();

  constructor(dimord: string[]) {
    this.dimord = [...dimord];
  }

  // ---- extra datasets --------------------------------------------------------------------

  /**
   * Extra datasets carried beside the trials, Syncopy's `_hdfFileDatasetProperties` (jack_var and
   * jack_bias of a jackknifed connectivity result, ...): arrays of the size of one result, held in
   * memory and saved in the .spy container as Arrow files of their own (`<name>.<class>.<dataset>`),
   * read back by load. Names are identifiers; setting a name again replaces it.
   */
  setDataset(name: string, array: NDArray): void {
    if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new SPYValueError("name", name, "a dataset name made of letters, digits and '_' (not starting with a digit)");
    }
    // saved as <name>.<class>.<dataset> beside the data file, whose sidecar is <name>.<class>.info
    if (name === "info") throw new SPYValueError("name", name, "a dataset name other than 'info' (the container's sidecars end in .info)");
    if (!isNDArray(array)) throw new SPYTypeError("array", array, "an NDArray");
    if (array.shape.length === 0) throw new SPYValueError("array", "a 0-d array", "an array with at least one dimension");
    this._datasets.set(name, ascontiguous(array, true));
  }

  /** The names of the extra datasets, in the order they were set. */
  datasetNames(): string[] {
    return [...this._datasets.keys()];
  }

  /** An extra dataset (a copy); undefined when the object has none of that name. */
  dataset(name: string): NDArray | undefined {
    const a = this._datasets.get(name);
    return a === undefined ? undefined : { data: a.data.slice(), shape: [...a.shape], dtype: a.dtype };
  }

  // ---- storage ---------------------------------------------------------------------------

  /** Attach a store (called by constructors, compute frontends and load). */
  setStore(store: TrialBackend, trialdefinition: TrialDefinition): void {
    if (store.nTrials !== trialdefinition.length) {
      throw new SPYValueError("trialdefinition", `${trialdefinition.length} rows`, `one row per stored trial (${store.nTrials})`);
    }
    this.store = store;
    this.stackView = null;
    store.attach(this);
    this.setRows(trialdefinition);
  }

  private setRows(trl: TrialDefinition): void {
    this._trl = cloneTrialDefinition(trl);
  }

  /**
   * Rows [start, stop, offset, trialinfo...] in samples of the stacked axis, one per trial. Reading
   * gives a fresh copy (changing it changes nothing; read it once, not per trial, and use
   * `nTrials` for the count); assigning re-cuts the trials from the data the object
   * holds, as Syncopy's `data.trialdefinition = trl` does (and as `spy.definetrial`, without its log
   * entry): `null` makes the whole stacked axis one trial. Rows may span the samples between the
   * current trials where the object holds them (a stacked array keeps all of its samples).
   */
  get trialdefinition(): TrialDefinition {
    return cloneTrialDefinition(this._trl);
  }
  set trialdefinition(trl: TrialDefinition | null) {
    if (!this.store) {
      throw new SPYValueError("trialdefinition", trl, `a trialdefinition for a ${this.className} with data (this one is empty: give data first)`);
    }
    const view = this.stacked();
    const rows = trl === null ? [[0, view.extent, 0]] : parseTrialDefinition(trl, view.extent);
    this.redefineTrials(rows);
  }

  /** Number of trials (without copying the trialdefinition). */
  get nTrials(): number { return this._trl.length; }

  /** The trial rows themselves, for subclasses that read them often (never to be changed). */
  protected get rows(): Readonly<TrialDefinition> { return this._trl; }

  /**
   * The stacked axis (Syncopy's `data` along dimord[0]) over the stored trials, each placed where
   * the trialdefinition put it when it was stored.
   */
  stacked(): StackView {
    if (!this.store) throw new SPYValueError("data", null, `a ${this.className} with data (this one is empty)`);
    if (this.stackView) return this.stackView;
    const store = this.store;
    const trl = this._trl;
    const readRange = store.readRange ? (j: number, a: number, b: number) => store.readRange!(j, a, b) : undefined;
    return new StackView(trl.map((r) => r[0]), trl.map((_, k) => store.trialLength(k)), (j) => store.readTrial(j), readRange);
  }

  /**
   * definetrial: new trials as windows [start, stop) of the stacked axis, read from the stored
   * trials on access (no copy). Rows must lie on stored samples.
   */
  redefineTrials(trialdefinition: TrialDefinition, param = "trialdefinition"): void {
    const view = this.stacked();
    view.check(trialdefinition, param);
    this.stackView = view;
    this.setRows(trialdefinition);
  }

  /** A store holding exactly this object's trials (a streamed copy when definetrial made them views). */
  storeOfTrials(): TrialStore {
    if (!this.store) throw new SPYValueError("data", null, `a ${this.className} with data (this one is empty)`);
    // only an Arrow TrialStore can be copied into a container as is; other backends (a raw
    // recording) and definetrial views are streamed into a new one
    if (!this.stackView && this.store instanceof TrialStore) return this.store;
    const copy = writeTrialsToStore(this.trials, this.dimord.length, this.fileExtension).store;
    copy.attach(copy);  // its temp file goes when the caller drops it
    return copy;
  }

  get storage(): { path: string; temporary: boolean } | null {
    return this.store ? { path: this.store.path, temporary: this.store.temporary } : null;
  }

  /** Raw stored trial k (stacking axis first, default dimord). */
  readStoredTrial(k: number): NDArray {
    if (!this.store) throw new SPYValueError("data", null, `a ${this.className} with data (this one is empty)`);
    if (this.stackView) {
      const r = this._trl[k];
      return this.stackView.window(r[0], r[1]);
    }
    return this.store.readTrial(k);
  }

  get dtype(): DType {
    if (!this.store) throw new SPYValueError("data", null, `a ${this.className} with data (this one is empty)`);
    return this.store.dtype;
  }

  /** Shape of the non-stacking axes, shared by all trials. */
  get tailShape(): number[] {
    return this.store ? this.store.tailShape : [];
  }

  /** Shape of trial k without reading it. */
  trialShape(k: number): number[] {
    const row = this._trl[k];
    return [row[1] - row[0], ...this.tailShape];
  }

  get trials(): TrialIndexer { return new TrialIndexer(this); }
  get trial_ids(): number[] { return this._trl.map((_, k) => k); }
  get sampleinfo(): number[][] { return this._trl.map((r) => [r[0], r[1]]); }
  /** Read-only, as in Syncopy: assign `trialdefinition` instead. */
  set sampleinfo(value: number[][]) {
    throw new SPYValueError("sampleinfo", value, "no assignment: set `trialdefinition` (or call spy.definetrial) instead");
  }
  get trialinfo(): number[][] { return this._trl.map((r) => r.slice(3)); }
  /** Read-only, as in Syncopy: assign `trialdefinition` instead. */
  set trialinfo(value: number[][]) {
    throw new SPYValueError("trialinfo", value, "no assignment: set `trialdefinition` (or call spy.definetrial) instead");
  }

  /** Shape of the trials concatenated along dimord[0] (what spyts stores and saves). */
  get shape(): number[] {
    const n = this._trl.reduce((s, r) => s + (r[1] - r[0]), 0);
    return [n, ...this.tailShape];
  }

  // ---- axes ------------------------------------------------------------------------------

  /** Labels or values along a non-stacking axis; subclasses extend. */
  abstract axisValues(dim: string): string[] | Float64Array;

  /**
   * Set the labels or values along the non-stacking axis `dim` (undefined: the class's defaults),
   * checked against the stored trials, so after setStore. By convention a class with axis `dim`
   * has a setter `set<Dim>` ("channel" -> setChannel, "freq" -> setFreq, "channel_i" ->
   * setChannelI), which this calls; a class may override instead. propagateProperties and
   * spy.load set every axis through this one method.
   */
  setAxisValues(dim: string, values: ArrayLike<number> | string[] | undefined): void {
    const setter = "set" + dim.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
    const fn = (this as unknown as Record<string, unknown>)[setter];
    if (!this.dimord.slice(1).includes(dim) || typeof fn !== "function") {
      throw new SPYValueError("dim", dim, `a non-stacking dimension of ${this.className} (${this.dimord.slice(1).join(", ")})`);
    }
    (fn as (v: unknown) => void).call(this, values);
  }

  // ---- provenance ------------------------------------------------------------------------

  get log(): string { return logHeader() + this._log; }
  /** Assigning appends an entry, as in Syncopy. */
  set log(msg: string) { this._log += logEntry(msg, "user"); }
  /** Append an entry to the history, stamped with user, host, time and `caller` (a function's name). */
  appendLog(msg: string, caller: string): void { this._log += logEntry(msg, caller); }
  /** The history without the header (what is saved and chained). */
  get history(): string { return this._log; }
  /** Replace the whole history (header excluded); load and the compute frontends use it. */
  setHistory(history: string): void { this._log = history; }

  /**
   * Auxiliary information (Syncopy's `info`): a dict of JSON-serialisable values, saved with the
   * object. Assigning checks and copies it ({} clears it); setting one key (`data.info.x = [1, 2]`)
   * is checked too. null, arrays, functions, class instances and non-dicts are SPYTypeErrors, as is
   * any value inside that JSON cannot hold (a function, a symbol, a bigint, a Map...); a cycle is a
   * SPYValueError. Typed arrays become plain arrays.
   */
  get info(): Record<string, unknown> {
    return (this._infoView ??= infoView(this._info));
  }
  set info(dict: Record<string, unknown>) {
    this._info = checkInfo(dict);
    this._infoView = null;
  }

  /**
   * Take the keywords every constructor shares: `cfg` (a deep copy), `info` (checked as by the
   * `info` setter), `metadata` and `log` (the history as given); absent ones are left alone.
   */
  protected applyCommon(props: CommonProps): void {
    if (props.cfg) this.cfg = JSON.parse(JSON.stringify(props.cfg));
    if (props.info !== undefined) this.info = props.info;
    if (props.metadata) this.metadata = props.metadata;
    if (props.log) this._log = props.log;
  }

  // ---- selection -------------------------------------------------------------------------

  /**
   * Check a selection (Syncopy's `select` keywords) against this object and resolve it to trial
   * indices and positions along each axis; undefined, null or "all" selects everything. Throws
   * SPYValueError / SPYTypeError naming the offending keyword.
   */
  resolve(select?: SelectionSpec | "all" | null): ResolvedSelection {
    return resolveSelection(this, select);
  }

  /**
   * One selected trial (the i-th of a resolved selection), C-contiguous. Without a selection
   * on it this is a view into the storage cache: copy it before keeping or transferring it.
   */
  readSelectedTrial(sel: ResolvedSelection, i: number): NDArray {
    const raw = this.readStoredTrial(sel.trials[i]);
    const index: (number[] | null)[] = this.dimord.map((dim, d) => {
      if (d === 0) {
        const r = sel.stackRanges[i];
        return r ? rangeList(r[0], r[1]) : null;
      }
      return sel.dims[dim] ?? null;
    });
    if (index.every((x) => x === null)) return ascontiguous(raw);
    return takeAxes(raw, index);
  }

  /**
   * Where the i-th selected trial's values lie in the store's file, when they are one contiguous
   * span of it (the selection keeps every index of the other axes, and at most cuts a range of
   * the stacking axis), else null. Subclasses whose readSelectedTrial builds its result return null.
   */
  locateSelectedTrial(sel: ResolvedSelection, i: number): FileSpan | null {
    const store = this.store;
    if (!store || this.stackView || !store.locateTrial) return null;
    if (this.dimord.some((dim, d) => d > 0 && sel.dims[dim] !== undefined && sel.dims[dim] !== null)) return null;
    const k = sel.trials[i];
    const span = store.locateTrial(k);
    if (!span) return null;
    const r = sel.stackRanges[i];
    if (!r) return { path: store.path, position: span.position, bytes: span.bytes };
    const n = store.trialLength(k);
    if (n === 0) return null;
    const rowBytes = span.bytes / n;
    return { path: store.path, position: span.position + r[0] * rowBytes, bytes: (r[1] - r[0]) * rowBytes };
  }

  /**
   * Load a selection into memory (Syncopy's show): one NDArray for one trial, a list for
   * several. `squeeze` (default true) drops axes of length 1, like numpy.squeeze.
   */
  show(select: SelectionSpec & { squeeze?: boolean } = {}): NDArray | NDArray[] {
    const { squeeze: doSqueeze = true, ...spec } = checkOptions(select, `${this.className}.show`, [...this.selectionKeywords, "squeeze"]) as SelectionSpec & { squeeze?: boolean };
    checkBoolean(doSqueeze, "squeeze");
    const sel = this.resolve(spec);
    const out = sel.trials.map((_, i) => {
      const t = ascontiguous(this.readSelectedTrial(sel, i), true);
      return doSqueeze ? squeeze(t) : t;
    });
    return out.length === 1 ? out[0] : out;
  }

  // ---- files -----------------------------------------------------------------------------

  /** Save as a .spy container (atomic); resolves to the container's absolute path. */
  save(filename: string, opts: { overwrite?: boolean } = {}): Promise<string> {
    return saveData(this, filename, opts);
  }

  // ---- arithmetic and copy (implemented in data/methods/arithmetic.ts and copy.ts) ------------

  /** `data + x` as a new object: spy.add(data, x, opts) (x a number, {re, im}, an array or a data object). */
  add(x: unknown, opts?: Record<string, unknown>): this { return callDataMethod("add", this, x, opts) as this; }
  /** `data − x` as a new object: spy.sub(data, x, opts). */
  sub(x: unknown, opts?: Record<string, unknown>): this { return callDataMethod("sub", this, x, opts) as this; }
  /** `data · x` as a new object: spy.mul(data, x, opts). */
  mul(x: unknown, opts?: Record<string, unknown>): this { return callDataMethod("mul", this, x, opts) as this; }
  /** `data / x` as a new object (IEEE: x/0 is ±Infinity or NaN): spy.div(data, x, opts). */
  div(x: unknown, opts?: Record<string, unknown>): this { return callDataMethod("div", this, x, opts) as this; }
  /** `data ** x` as a new object: spy.pow(data, x, opts). */
  pow(x: unknown, opts?: Record<string, unknown>): this { return callDataMethod("pow", this, x, opts) as this; }
  /** A full copy in a new storage file (spy.copy), independent of this object's file. */
  copy(): this { return callDataMethod("copy", this) as this; }

  // ---- display ---------------------------------------------------------------------------

  /** Node's `util.inspect` (console.log, the REPL) prints the text summary. */
  [inspect.custom](): string {
    return this.summary();
  }

  /**
   * The summary's mime bundle (plot/display's `htmlBundle`: text/html and text/plain), as
   * `display()` sends it: Deno's kernel shows a data object that ends a cell with it, and
   * `spy.display(data)` sends it in either kernel.
   */
  [Symbol.for("Jupyter.display")](): { [mime: string]: string } {
    return { "text/html": this.summaryHTML(), "text/plain": this.summary() };
  }

  /** A text table of the object: class, dimord, shape, dtype, trials, axes, storage, cfg keys, log. */
  abstract summary(): string;
  /** The same summary as an HTML table, for notebooks. */
  abstract summaryHTML(): string;
  /** Render the summary inline in tslab (HTML + text in one output). */
  abstract display(): void;
}

/** A method of every data object whose implementation lives above this file (in data/methods/). */
type DataMethod = (self: BaseData, ...args: unknown[]) => BaseData;
const DATA_METHODS = new Map<string, DataMethod>();

/**
 * Called by data/methods/arithmetic.ts and copy.ts when they load: the implementations behind
 * `data.add(x)`, ..., `data.copy()` (data/ may not import data/methods/, so they register here).
 */
export function installDataMethod(name: string, fn: DataMethod): void {
  DATA_METHODS.set(name, fn);
}

function callDataMethod(name: string, self: BaseData, ...args: unknown[]): BaseData {
  const fn = DATA_METHODS.get(name);
  if (!fn) throw new Error(`data.${name}: its implementation is not loaded (import spyts, or src/data/methods/${name === "copy" ? "copy" : "arithmetic"})`);
  return fn(self, ...args);
}

const INFO_VALUES = "a JSON-serialisable value (null, a boolean, a number, a string, or an array or dict of them)";

/** Check a whole info dict: a plain object whose values JSON can hold; returns a deep copy. */
export function checkInfo(dict: unknown): Record<string, unknown> {
  if (!isPlainObject(dict)) throw new SPYTypeError("info", dict, "a dict of JSON-serialisable values ({} clears it)");
  return copyInfoValue(dict, "info", []) as Record<string, unknown>;
}

/** A checked deep copy of one info value; `path` names it in errors, `open` holds its containers. */
function copyInfoValue(value: unknown, path: string, open: object[]): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value !== "object") throw new SPYTypeError(path, value, INFO_VALUES);
  if (open.includes(value)) {
    throw new SPYValueError(path, "a reference to a dict or array that contains it (a cycle)", "acyclic values (JSON cannot hold a cycle)");
  }
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView || typeof (value as unknown as Iterable<unknown>)[Symbol.iterator] !== "function") throw new SPYTypeError(path, value, INFO_VALUES);
    return Array.from(value as unknown as ArrayLike<number | bigint>, (v, i) => copyInfoValue(v, `${path}[${i}]`, open));
  }
  open.push(value);
  try {
    if (Array.isArray(value)) return value.map((v, i) => (v === undefined ? null : copyInfoValue(v, `${path}[${i}]`, open)));
    if (!isPlainObject(value)) throw new SPYTypeError(path, value, INFO_VALUES);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = copyInfoValue(v, `${path}.${k}`, open);
    }
    return out;
  } finally {
    open.pop();
  }
}

/** The info dict as users see it: setting a key checks and copies the value (Syncopy's SerializableDict). */
function infoView(target: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(target, {
    set(t, key, value) {
      if (typeof key === "symbol") throw new SPYTypeError("info", key.toString(), "string keys");
      if (value === undefined) delete t[key];
      else t[key] = copyInfoValue(value, `info.${key}`, []);
      return true;
    },
    defineProperty(t, key, desc) {
      if (typeof key === "symbol") throw new SPYTypeError("info", key.toString(), "string keys");
      if ("value" in desc) return Reflect.defineProperty(t, key, { ...desc, value: copyInfoValue(desc.value, `info.${key}`, []) });
      throw new SPYTypeError(`info.${key}`, "an accessor property", INFO_VALUES);
    },
  });
}

function rangeList(a: number, b: number): number[] {
  const out = new Array<number>(b - a);
  for (let i = 0; i < out.length; i++) out[i] = a + i;
  return out;
}

/** Normalise one user-supplied trial (NDArray or nested numbers) to a C-contiguous NDArray. */
export function toTrialArray(x: unknown, ndim: number, param = "data"): NDArray {
  let arr: NDArray;
  if (isNDArray(x)) arr = ascontiguous(x);
  else if (Array.isArray(x)) arr = fromNested(x, "float64");
  else if (ArrayBuffer.isView(x)) throw new SPYTypeError(param, x, `an NDArray {data, shape, dtype} (a bare typed array has no shape)`);
  else throw new SPYTypeError(param, x, `an NDArray or nested number arrays of ${ndim} dimensions`);
  if (arr.shape.length !== ndim) {
    throw new SPYValueError(param, `array of shape [${arr.shape}]`, `${ndim}-dimensional trials (${ndim === 2 ? "[time, channel]" : "dimord order"})`);
  }
  checkFinite(arr.data, param);
  return arr;
}

function checkFinite(data: TypedArray, param: string): void {
  for (let i = 0; i < data.length; i++) {
    if (data[i] === Infinity || data[i] === -Infinity) {
      throw new SPYValueError(param, "an array containing ±Infinity", "finite values (NaN marks missing samples)");
    }
  }
}

/**
 * Stream trials (a list, or any iterable/generator) into a new temporary store.
 * All trials must share the non-stacking shape and the dtype of the first one.
 */
export function writeTrialsToStore(trials: Iterable<unknown>, ndim: number, ext: string, param = "data"): { store: TrialStore; lengths: number[] } {
  let writer: TrialStoreWriter | null = null;
  try {
    let first: NDArray | null = null;
    for (const raw of trials) {
      const t = toTrialArray(raw, ndim, param);
      if (!first) {
        first = t;
        writer = new TrialStoreWriter(ext, t.dtype, t.shape.slice(1));
      } else {
        if (t.dtype !== first.dtype) throw new SPYValueError(param, `a trial of dtype ${t.dtype}`, `trials of one dtype (${first.dtype})`);
        if (t.shape.slice(1).join() !== first.shape.slice(1).join()) {
          throw new SPYValueError(param, `a trial of shape [${t.shape}]`, `trials whose non-time axes match the first trial's [${first.shape.slice(1)}]`);
        }
      }
      writer!.append(t);
    }
    if (!writer) throw new SPYValueError(param, "no trials", "at least one trial");
    const lengths = writer.lengths;
    return { store: writer.finish(), lengths };
  } catch (e) {
    writer?.abort();
    throw e;
  }
}
