/**
 * method "corr": Syncopy's cross-correlation of AnalogData (positive lags). Not implemented yet.
 */
import { SPYValueError } from "../core/errors";
import type { CallContext } from "../cfg/metafunction";
import type { AnalogData } from "../data/analog";
import type { CrossSpectralData } from "../data/crossspectral";

export async function corrAnalysis(_data: AnalogData, kw: Record<string, unknown>, _ctx: CallContext): Promise<CrossSpectralData> {
  throw new SPYValueError("method", kw.method, "one of coh, csd, granger", "Syncopy's method 'corr' is not implemented in spyts yet");
}
