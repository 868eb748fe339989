/** AnalogData: multi-channel time series, dimord ["time", "channel"]. */
import { ContinuousData, ContinuousInit, CONTINUOUS_INIT_KEYS } from "./continuous";
import { checkOptions } from "../core/keywords";
import { registerDataClass } from "./registry";

export class AnalogData extends ContinuousData {
  static readonly defaultDimord = ["time", "channel"];
  readonly className = "AnalogData";
  readonly fileExtension = ".analog";
  readonly selectionKeywords = ["trials", "channel", "latency"];

  constructor(init: ContinuousInit = {}) {
    super(AnalogData.defaultDimord);
    this.initContinuous(checkOptions(init, "AnalogData", CONTINUOUS_INIT_KEYS), AnalogData.defaultDimord);
  }
}

registerDataClass("AnalogData", AnalogData);
