/**
 * The compute function of FOOOF on SpectralData (Syncopy's FooofSpy cF): one trial of power
 * [1, 1, nFreq, nChan] in, the chosen FOOOF output in linear units out, and the fit parameters
 * of every channel as metadata. Runs in the main thread and in workers; kwargs are plain JSON.
 *
 * Outputs (Syncopy's): "fooof" 10^model, "fooof_aperiodic" 10^aperiodic,
 * "fooof_peaks" 10^model - 10^aperiodic + 1e-16. A channel whose fit fails gets NaN.
 *
 * Metadata of one call (channels of this call in order; the engine names them
 * "<key>__<trial>_<chunk>"):
 *   aperiodic_params  Float64Array nChan x nAp (channel-major)
 *   gaussian_params   Float64Array sum(n_peaks) x 3, channels one after the other
 *   peak_params       Float64Array sum(n_peaks) x 3
 *   n_peaks           number[] nChan
 *   r_squared, error  Float64Array nChan
 *   converged         number[] nChan (1 / 0)
 *   fit_message       string: JSON array of nChan messages ("" when converged)
 */
import { SPYValueError } from "../core/errors";
import { NDArray, DType, zeros } from "../core/ndarray";
import type { ComputeContext, ComputeResult, DryRunResult } from "../core/computeTypes";
import { FooofOpt } from "./settings";
import { checkPower } from "./input";
import { fitSpectrum, FitInternals } from "./fit";

const log10 = Math.log10;
const pow = Math.pow;

export const FOOOF_OUTPUTS = ["fooof", "fooof_aperiodic", "fooof_peaks"] as const;
export type FooofOutput = typeof FOOOF_OUTPUTS[number];

export interface FooofKwargs {
  /** The frequency axis (validated by the frontend: ascending, > 0 Hz, evenly spaced). */
  freqs: number[];
  output: FooofOutput;
  fooof_opt: FooofOpt;
  /** Channel labels for messages (optional). */
  channel?: string[];
  /** Test knobs (see FitInternals); FOOOF's values when absent. */
  internals?: FitInternals;
}

export function fooofComputeFunction(trial: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray | ComputeResult | DryRunResult {
  const kw = kwargs as unknown as FooofKwargs;
  const shape = trial.shape;
  if (shape.length !== 4 || shape[0] !== 1 || shape[1] !== 1 || shape[2] !== kw.freqs.length) {
    throw new SPYValueError("data", `a trial of shape [${shape}]`,
      `power of shape [1, 1, ${kw.freqs.length}, nChannels] (one spectrum per trial and channel: mtmfft output "pow", tapers averaged)`);
  }
  // Syncopy's fooofspy rejects an unknown out_type; without this check any other value gave fooof_peaks
  if (!(FOOOF_OUTPUTS as readonly string[]).includes(kw.output)) {
    throw new SPYValueError("output", kw.output, `one of ${FOOOF_OUTPUTS.map((o) => `"${o}"`).join(", ")}`);
  }
  const dtype: DType = trial.dtype === "float64" ? "float64" : "float32";
  if (ctx.noCompute) return { shape: [...shape], dtype };
  if (trial.dtype.startsWith("complex")) throw new SPYValueError("data", trial.dtype, "real power (output \"pow\")");

  const F = shape[2], C = shape[3];
  const freqs = Float64Array.from(kw.freqs);
  const opt = kw.fooof_opt;
  const nAp = opt.aperiodic_mode === "knee" ? 3 : 2;
  const out = zeros(shape, dtype);
  const o = out.data;
  const d = trial.data;
  const ap = new Float64Array(C * nAp);
  const nPeaks: number[] = new Array(C);
  const r2 = new Float64Array(C), err = new Float64Array(C);
  const converged: number[] = new Array(C);
  const messages: string[] = new Array(C);
  const gauss: number[] = [], peaks: number[] = [];
  const spec = new Float64Array(F), logp = new Float64Array(F);
  for (let c = 0; c < C; c++) {
    for (let f = 0; f < F; f++) spec[f] = d[f * C + c];
    checkPower(spec, freqs, "power", `channel ${kw.channel?.[c] !== undefined ? `'${kw.channel[c]}'` : c} of trial ${ctx.trial ?? "?"}`);
    for (let f = 0; f < F; f++) logp[f] = log10(spec[f]);
    const r = fitSpectrum(freqs, logp, opt, kw.internals);
    for (let f = 0; f < F; f++) {
      let v: number;
      if (kw.output === "fooof") v = pow(10, r.fooofed[f]);
      else if (kw.output === "fooof_aperiodic") v = pow(10, r.apFit[f]);
      else v = pow(10, r.fooofed[f]) - pow(10, r.apFit[f]) + 1e-16;
      o[f * C + c] = v;
    }
    ap.set(r.aperiodicParams, c * nAp);
    nPeaks[c] = r.nPeaks;
    r2[c] = r.rSquared;
    err[c] = r.error;
    converged[c] = r.converged ? 1 : 0;
    messages[c] = r.message;
    for (let i = 0; i < r.gaussianParams.length; i++) { gauss.push(r.gaussianParams[i]); peaks.push(r.peakParams[i]); }
  }
  return {
    out,
    metadata: {
      aperiodic_params: ap,
      gaussian_params: Float64Array.from(gauss),
      peak_params: Float64Array.from(peaks),
      n_peaks: nPeaks,
      r_squared: r2,
      error: err,
      converged,
      fit_message: JSON.stringify(messages),
    },
  };
}
