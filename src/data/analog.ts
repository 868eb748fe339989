/** AnalogData: multi-channel time series, dimord ["time", "channel"]. */
import { ContinuousData, ContinuousInit } from "./continuous";

export class AnalogData extends ContinuousData {
  static readonly defaultDimord = ["time", "channel"];
  readonly className = "AnalogData";
  readonly fileExtension = ".analog";
  readonly selectionKeywords = ["trials", "channel", "latency"];

  constructor(init: ContinuousInit = {}) {
    super(AnalogData.defaultDimord);
    this.initContinuous(init, AnalogData.defaultDimord);
  }
}
