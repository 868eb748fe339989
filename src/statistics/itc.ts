/**
 * spy.itc (Syncopy's statistics/summary_stats.py::itc): inter-trial coherence of complex
 * SpectralData, |mean over trials of z/|z||, the tapers averaged after the circular mean.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { isComplex, realPart, arrayConstructor } from "../core/ndarray";
import { metafunction, CallContext, TypedMetaFunction } from "../cfg/metafunction";
import type { ItcKeywords } from "./statisticsKeywords";
import { BaseData } from "../data/base";
import { SpectralData } from "../data/spectral";
import { SelectionSource } from "../data/source";
import { TrialStoreWriter } from "../data/trialstore";
import { outputRows, propagateProperties } from "../data/propagate";
import { defaultLabels } from "../data/labels";
import { commonTrialShape } from "./trialShapes";
import { itcOverTrials } from "./itcCore";
import { statisticsLog } from "./statLog";

function isData(x: unknown): x is BaseData {
  return x instanceof BaseData;
}

async function run(spec: BaseData, kw: Record<string, unknown>, ctx: CallContext): Promise<SpectralData> {
  if (!(spec instanceof SpectralData)) throw new SPYTypeError("spec_data", spec.className, "a SpectralData object with complex spectra");
  if (spec.nTrials === 0 || !spec.storage) throw new SPYValueError("spec_data", "an empty SpectralData", "a SpectralData object with trials");
  if (!isComplex(spec.dtype)) {
    throw new SPYValueError("spec_data", `real valued spectral data (${spec.dtype})`,
      "complex valued spectra: set output: \"fourier\" in spy.freqanalysis (with keeptrials: true)");
  }
  const sel = spec.resolve(kw.select as never);
  const source = new SelectionSource(spec, sel);
  if (source.nTrials < 2) throw new SPYValueError("spec_data", `${source.nTrials} trial`, "at least 2 trials (the ITC is a mean over trials)");
  const shape = commonTrialShape(source, "spec_data");
  const taperAxis = spec.dimord.indexOf("taper");
  const values = itcOverTrials(source, shape, taperAxis);
  const outShape = [...shape];
  outShape[taperAxis] = 1;
  const dtype = realPart(spec.dtype);
  const Ctor = arrayConstructor(dtype);
  const data = Ctor === Float64Array ? values : new Ctor(values.length);
  if (data !== values) data.set(values);
  const writer = new TrialStoreWriter(spec.fileExtension, dtype, outShape.slice(1), { trialLength: outShape[0] });
  try {
    writer.append({ data, shape: outShape, dtype });
  } catch (e) {
    writer.abort();
    throw e;
  }
  const store = writer.finish();
  const first = outputRows(source, kw.select)[0];
  return propagateProperties<SpectralData, SpectralData>(spec, store, {
    name: "itc", selection: sel, trialdefinition: [[0, outShape[0], ...first.slice(2)]],
    axes: { taper: defaultLabels("taper", 1) },
    cfgEntry: ctx.cfgEntry, log: statisticsLog("itc", "itc", { nTrials: source.nTrials, select: kw.select }),
  });
}

/**
 * `spy.itc(spec, { select })`: inter-trial coherence of complex SpectralData (freqanalysis with
 * `output: "fourier"`, `keeptrials: true`; mtmfft with `keeptapers: true` or time-frequency methods).
 * Returns one SpectralData trial of real values in [0, 1], the taper axis of length 1 (tapers
 * averaged after the circular mean; default label "taper1"), time and frequency kept (the first
 * selected trial's row). Needs at least 2 trials of one shape; real input is an error. A zero
 * spectral value (z = 0) gives NaN at its element (z/|z| = 0/0), as in Syncopy.
 */
export const itc = metafunction<BaseData, SpectralData>("itc", {}, isData, run) as TypedMetaFunction<SpectralData, SpectralData, ItcKeywords>;
