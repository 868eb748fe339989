/** SpectralData: (time-)frequency data, dimord ["time", "taper", "freq", "channel"]. */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { ContinuousData, ContinuousInit, CONTINUOUS_INIT_KEYS } from "./continuous";
import { checkOptions } from "../core/keywords";
import { DataSummary } from "../plot/summary";
import { registerDataClass } from "./registry";
import { defaultLabels } from "./labels";
import type { BaseData } from "./base";
import { isDataObjectList } from "./jointrials";

export interface SpectralInit extends ContinuousInit {
  freq?: ArrayLike<number>;
  taper?: string[];
}

/**
 * (Time-)frequency data (Syncopy's SpectralData), dimord ["time", "taper", "freq", "channel"]: what
 * freqanalysis returns, with a `freq` axis in Hz and `taper` labels besides `channel`.
 */
export class SpectralData extends ContinuousData {
  static readonly defaultDimord = ["time", "taper", "freq", "channel"];
  readonly className = "SpectralData";
  readonly fileExtension = ".spectral";
  readonly selectionKeywords = ["trials", "channel", "latency", "frequency", "taper"];
  private _freq: Float64Array = new Float64Array(0);
  private _taper: string[] = [];

  /**
   * `init` holds the data and keywords (SpectralInit). A list of SpectralData objects,
   * `new SpectralData([a, b])` or `{ data: [a, b] }` (Syncopy's forms), joins their trials in order
   * (they must share samplerate, dtype, freq, taper and channel; see ContinuousData.initFromObjects).
   */
  constructor(init: SpectralInit | BaseData[] = {}) {
    super(SpectralData.defaultDimord);
    init = checkOptions(isDataObjectList(init) ? { data: init } : init, "SpectralData", [...CONTINUOUS_INIT_KEYS, "freq", "taper"]) as SpectralInit;
    if (isDataObjectList(init.data)) {
      this.initFromObjects(init.data, init, SpectralData.defaultDimord);
      return;
    }
    this.initContinuous(init, SpectralData.defaultDimord);
    if (init.data !== undefined && init.data !== null) {
      this.setFreq(init.freq);
      this.setTaper(init.taper);
    }
  }

  /** The frequency axis in Hz (a copy); assign (`spec.freq = [20, 40, 60]`) to relabel it, as in Syncopy. */
  get freq(): Float64Array { return this._freq.slice(); }
  set freq(freq: ArrayLike<number>) { this.setFreq(freq); }
  /** Taper labels (a copy; default "taper1".."taperN", zero-padded like channel labels); assignable. */
  get taper(): string[] { return [...this._taper]; }
  set taper(taper: string[]) { this.setTaper(taper); }

  /**
   * Set the frequency axis in Hz, one finite number per freq bin (undefined: 0..n−1, Syncopy's
   * default). Throws SPYTypeError / SPYValueError on a wrong type, count or non-finite value.
   */
  setFreq(freq: ArrayLike<number> | undefined): void {
    this._freq = checkFreq(freq, this.tailShape[1] ?? 0);
  }

  /** Set the taper labels, one per taper (undefined: taper1..taperN). Throws on a wrong type or count. */
  setTaper(taper: string[] | undefined): void {
    const n = this.tailShape[0] ?? 0;
    if (taper === undefined) {
      this._taper = defaultLabels("taper", n);
      return;
    }
    if (!Array.isArray(taper) || taper.some((t) => typeof t !== "string")) throw new SPYTypeError("taper", taper, `a list of ${n} taper labels (strings)`);
    if (taper.length !== n) throw new SPYValueError("taper", taper, `${n} taper labels`);
    this._taper = [...taper];
  }

  axisValues(dim: string): string[] | Float64Array {
    if (dim === "freq") return this.freq;
    if (dim === "taper") return this.taper;
    return super.axisValues(dim);
  }

  /** Adds `freq` (first … last Hz) and `taper` to the summary's axes. */
  protected extraAxes(axes: NonNullable<DataSummary["axes"]>): void {
    const f = this._freq;
    if (f.length) axes.freq = { size: f.length, first: f[0], last: f[f.length - 1], unit: "Hz" };
    if (this._taper.length) axes.taper = { size: this._taper.length, first: this._taper[0], last: this._taper[this._taper.length - 1] };
  }
}

registerDataClass("SpectralData", SpectralData);

/**
 * A frequency axis of n bins: undefined gives 0..n-1 (Syncopy's default); otherwise n finite
 * numbers (an array or typed array).
 */
export function checkFreq(freq: ArrayLike<number> | undefined, n: number): Float64Array {
  if (freq === undefined) return Float64Array.from({ length: n }, (_, i) => i);
  const isList = Array.isArray(freq) || (ArrayBuffer.isView(freq) && !(freq instanceof DataView));
  if (!isList || Array.from(freq as ArrayLike<unknown>).some((v) => typeof v !== "number")) {
    throw new SPYTypeError("freq", freq, `a list of ${n} frequencies in Hz (numbers)`);
  }
  if (freq.length !== n) throw new SPYValueError("freq", freq, `${n} frequencies, one per bin`);
  const f = Float64Array.from(freq);
  if (f.some((v) => !Number.isFinite(v))) throw new SPYValueError("freq", freq, "finite frequencies in Hz");
  return f;
}
