/** AnalogData: multi-channel time series, dimord ["time", "channel"]. */
import { ContinuousData, ContinuousInit, CONTINUOUS_INIT_KEYS } from "./continuous";
import { checkOptions } from "../core/keywords";
import { registerDataClass } from "./registry";
import type { BaseData } from "./base";
import { isDataObjectList } from "./jointrials";

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
    if (isDataObjectList(opts.data)) this.initFromObjects(opts.data, opts, AnalogData.defaultDimord);
    else this.initContinuous(opts, AnalogData.defaultDimord);
  }
}

registerDataClass("AnalogData", AnalogData);
