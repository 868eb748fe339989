/**
 * The compute function of spy.resampledata (main thread and workers): polyphase resampling with
 * Syncopy's anti-alias kernel, or every n-th sample after an optional zero-phase FIR low-pass.
 */
import { NDArray, zeros } from "../core/ndarray";
import type { ComputeContext, ComputeResult, DryRunResult } from "../core/computeTypes";
import { PolyResampler, resampledLength } from "./resample";
import { SameConvolver } from "./convolve";
import { readChannel } from "./layout";
import { hasNaN } from "./pipeline";

export interface ResampleKwargs {
  method: "resample" | "downsample";
  /** resample: the rational factor and the FIR kernel handed to resample_poly */
  up: number;
  down: number;
  kernel: Float64Array | null;
  /** downsample: keep every factor-th sample, after a twopass FIR low-pass when `antialias` is set */
  factor: number;
  antialias: Float64Array | null;
  outDtype: "float32" | "float64";
}

// prepared resamplers / convolvers per run (the kwargs object) and trial length
const prepared = new WeakMap<object, Map<number, PolyResampler | SameConvolver>>();

function preparedFor<T extends PolyResampler | SameConvolver>(kwargs: object, n: number, make: () => T): T {
  let m = prepared.get(kwargs);
  if (!m) prepared.set(kwargs, (m = new Map()));
  let v = m.get(n);
  if (!v) {
    if (m.size > 16) m.clear();
    m.set(n, (v = make()));
  }
  return v as T;
}

function outLength(kw: ResampleKwargs, n: number): number {
  return kw.method === "resample" ? resampledLength(n, kw.up, kw.down) : Math.ceil(n / kw.factor);
}

export function resampleComputeFunction(trial: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray | ComputeResult | DryRunResult {
  const kw = kwargs as unknown as ResampleKwargs;
  const [n, C] = trial.shape;
  const nOut = outLength(kw, n);
  if (ctx.noCompute) return { shape: [nOut, C], dtype: kw.outDtype };
  const out = zeros([nOut, C], kw.outDtype);
  const o = out.data as Float32Array | Float64Array;
  const src = new Float64Array(n);
  const dst = new Float64Array(nOut);
  const shape = { n, C, layout: "strided" as const };
  const nan = hasNaN(trial.data);
  const resampler = kw.method === "resample" ? preparedFor(kwargs, n, () => new PolyResampler(n, kw.up, kw.down, kw.kernel!)) : null;
  const conv = kw.method === "downsample" && kw.antialias ? preparedFor(kwargs, n, () => new SameConvolver(kw.antialias!, n)) : null;
  for (let c = 0; c < C; c++) {
    readChannel(trial.data, shape, c, src);
    if (resampler) {
      resampler.run(src, dst);
    } else {
      if (conv) {
        const method = nan ? "direct" : "fft";
        conv[method](src, 0);
        conv[method](src, 0);
      }
      for (let i = 0; i < nOut; i++) dst[i] = src[i * kw.factor];
    }
    for (let i = 0, j = c; i < nOut; i++, j += C) o[j] = dst[i];
  }
  return { out, metadata: { has_nan: nan } };
}
