/** SpectralData: (time-)frequency data, dimord ["time", "taper", "freq", "channel"]. */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { ContinuousData, ContinuousInit, CONTINUOUS_INIT_KEYS } from "./continuous";
import { checkOptions } from "../core/keywords";
import { DataSummary } from "../plot/summary";
import { registerDataClass } from "./registry";

export interface SpectralInit extends ContinuousInit {
  freq?: ArrayLike<number>;
  taper?: string[];
}

export class SpectralData extends ContinuousData {
  static readonly defaultDimord = ["time", "taper", "freq", "channel"];
  readonly className = "SpectralData";
  readonly fileExtension = ".spectral";
  readonly selectionKeywords = ["trials", "channel", "latency", "frequency", "taper"];
  private _freq = new Float64Array(0);
  private _taper: string[] = [];

  constructor(init: SpectralInit = {}) {
    super(SpectralData.defaultDimord);
    init = checkOptions(init, "SpectralData", [...CONTINUOUS_INIT_KEYS, "freq", "taper"]) as SpectralInit;
    this.initContinuous(init, SpectralData.defaultDimord);
    if (init.data !== undefined && init.data !== null) {
      this.setFreq(init.freq);
      this.setTaper(init.taper);
    }
  }

  get freq(): Float64Array { return this._freq.slice(); }
  get taper(): string[] { return [...this._taper]; }

  setFreq(freq: ArrayLike<number> | undefined): void {
    const n = this.tailShape[1];
    if (freq === undefined) {
      this._freq = Float64Array.from({ length: n }, (_, i) => i);
      return;
    }
    if (freq.length !== n) throw new SPYValueError("freq", freq, `${n} frequencies, one per bin`);
    this._freq = Float64Array.from(freq);
  }

  setTaper(taper: string[] | undefined): void {
    const n = this.tailShape[0];
    if (taper === undefined) {
      this._taper = Array.from({ length: n }, (_, i) => `taper${i}`);
      return;
    }
    if (!Array.isArray(taper)) throw new SPYTypeError("taper", taper, `a list of ${n} taper labels`);
    if (taper.length !== n) throw new SPYValueError("taper", taper, `${n} taper labels`);
    this._taper = [...taper];
  }

  axisValues(dim: string): string[] | Float64Array {
    if (dim === "freq") return this.freq;
    if (dim === "taper") return this.taper;
    return super.axisValues(dim);
  }

  protected extraAxes(axes: NonNullable<DataSummary["axes"]>): void {
    const f = this._freq;
    if (f.length) axes.freq = { size: f.length, first: f[0], last: f[f.length - 1], unit: "Hz" };
    if (this._taper.length) axes.taper = { size: this._taper.length, first: this._taper[0], last: this._taper[this._taper.length - 1] };
  }
}

registerDataClass("SpectralData", SpectralData);
