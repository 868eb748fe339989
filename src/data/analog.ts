/** AnalogData: multi-channel time series, dimord ["time", "channel"]. */
import { ContinuousData, ContinuousInit, CONTINUOUS_INIT_KEYS } from "./continuous";
import { checkOptions } from "../core/keywords";
import { SPYValueError } from "../core/errors";
import { registerDataClass } from "./registry";
import type { BaseData } from "./base";
import { isDataObjectList, joinTrials } from "./jointrials";

/**
 * Multi-channel time series (Syncopy's AnalogData), dimord ["time", "channel"]: what recordings,
 * `spy.load_raw` and the synthdata generators give, and what freqanalysis, preprocessing and
 * connectivityanalysis take.
 */
export class AnalogData extends ContinuousData {
  static readonly defaultDimord = ["time", "channel"];
  readonly className = "AnalogData";
  readonly fileExtension = ".analog";
  readonly selectionKeywords = ["trials", "channel", "latency"];

  /**
   * `init` holds the data and keywords (ContinuousInit). A list of AnalogData objects, given as
   * `new AnalogData([a, b, c])` or `new AnalogData({ data: [a, b, c] })` (Syncopy's forms), joins
   * their trials in order (see jointrials.ts).
   */
  constructor(init: ContinuousInit | BaseData[] = {}) {
    super(AnalogData.defaultDimord);
    const opts = checkOptions(isDataObjectList(init) ? { data: init } : init, "AnalogData", CONTINUOUS_INIT_KEYS) as ContinuousInit;
    if (isDataObjectList(opts.data)) this.initFromObjects(opts.data, opts);
    else this.initContinuous(opts, AnalogData.defaultDimord);
  }

  /**
   * The trials of several AnalogData objects, laid end to end with their offsets and trialinfo
   * (Syncopy resets the offsets), streamed into a new file. They must share samplerate, dtype,
   * channel count and labels; `channel` relabels the result; a `samplerate` must equal theirs.
   */
  private initFromObjects(list: unknown[], opts: ContinuousInit): void {
    if (opts.trialdefinition !== undefined) {
      throw new SPYValueError("trialdefinition", opts.trialdefinition, "no trialdefinition with a list of data objects (their trials are laid end to end)");
    }
    const joined = joinTrials(list, this.className, this.fileExtension);
    if (opts.samplerate !== undefined && opts.samplerate !== joined.samplerate) {
      throw new SPYValueError("samplerate", opts.samplerate, `the samplerate of the listed objects (${joined.samplerate} Hz) or none`);
    }
    this.initContinuous({ ...opts, data: undefined, samplerate: joined.samplerate }, AnalogData.defaultDimord);
    this.setStore(joined.store, joined.trialdefinition);
    this.setChannel(opts.channel ?? (joined.axes.channel as string[]));
  }
}

registerDataClass("AnalogData", AnalogData);
