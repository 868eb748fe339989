/**
 * The continuous wavelet transform of one trial, as Syncopy's wavelet_cF computes it: detrend, (trim,
 * if asked), cwt_time (convolution with the wavelet sampled on 10 scales of support and normalised by
 * sqrt(dt) / (8 pi s)), keep the selected time points (only those are computed), convert to the output.
 * Input C-order [L, C]; output C-order [count, 1, nScales, C] (complex outputs interleaved).
 */
import { TypedArray } from "../../core/ndarray";
import { SpectralOutput, SPECTRAL_OUTPUTS } from "../../math/spectralConversions";
import { WaveletSpec, waveletFamily } from "./families";
import { KernelDef, kernelReach, kernelSpectrum } from "./kernel";
import { groupKernels, workspaceFor } from "./plan";
import { OutputTiles, TrialSelection, prepareTrial, resolveSelection, writeOutput } from "./trial";
import { cwtKernel } from "./cwtWasm";

export interface CwtParams extends TrialSelection {
  scales: ArrayLike<number>;
  wavelet: WaveletSpec;
  /** Sampling interval 1 / samplerate in s. */
  dt: number;
  output: SpectralOutput;
}

export function checkScalesAndDt(scales: ArrayLike<number>, dt: number): void {
  if (!(dt > 0) || !Number.isFinite(dt)) throw new Error(`dt must be a positive finite number, got ${dt}`);
  for (let i = 0; i < scales.length; i++) {
    if (!(scales[i] > 0) || !Number.isFinite(scales[i])) throw new Error(`scales must be positive finite numbers, scales[${i}] = ${scales[i]}`);
  }
}

export function checkOutput(output: string): void {
  if (!(SPECTRAL_OUTPUTS as readonly string[]).includes(output)) throw new Error(`unknown output '${output}', expected one of ${SPECTRAL_OUTPUTS.join(", ")}`);
}

/** Syncopy's cwt_time kernel for one scale. */
export function waveletKernel(spec: WaveletSpec, scale: number, dt: number): KernelDef {
  const fam = waveletFamily(spec);
  return {
    key: `${fam.label}|${scale}`,
    M: (10 * scale) / dt,
    scale,
    dt,
    norm: Math.sqrt(dt) / (scale * 8 * Math.PI),
    sample: fam.sample,
  };
}

export function cwtTrial(x: TypedArray, L: number, C: number, p: CwtParams, out: Float32Array | Float64Array): void {
  checkScalesAndDt(p.scales, p.dt);
  checkOutput(p.output);
  const fam = waveletFamily(p.wavelet);
  const F = p.scales.length;
  const sel = resolveSelection(x, L, C, p);
  const { N, time } = sel;
  const need = time.count * F * C * (p.output === "fourier" || p.output === "complex" ? 2 : 1);
  if (out.length < need) throw new Error(`output buffer has ${out.length} values, needs ${need}`);
  if (time.count === 0 || F === 0 || C === 0) return;
  const kernels = Array.from(p.scales, (s) => waveletKernel(p.wavelet, s, p.dt));
  const groups = groupKernels(N, kernels.map((k) => kernelReach(k.M, N)), time);
  const spectra = groups.map((g) => g.members.map((f) => kernelSpectrum(kernels[f], g.plan)));
  const job = {
    ...sel, count: time.count, F, output: p.output, realOnly: !fam.complex,
    groups: groups.map((g, gi) => ({ ...g, spectra: spectra[gi] })),
  };
  if (cwtKernel(x, L, C, job, out)) return;
  const { cm, first } = prepareTrial(x, L, C, p);
  const tiles = new OutputTiles(out, time.count, F, C, p.output);
  for (let c0 = 0; c0 < C; c0 += OutputTiles.BLOCK) {
    tiles.begin(c0);
    for (let c = c0; c < Math.min(C, c0 + OutputTiles.BLOCK); c++) {
      const signal = cm.subarray(c * L + first, c * L + first + N);
      groups.forEach((g, gi) => {
        const ws = workspaceFor(g.plan);
        ws.load(signal);
        ws.convolveAll(spectra[gi], (j, y) => {
          const { dst, o0, stride } = tiles.target(g.members[j], c);
          writeOutput(dst, y, time.count, o0, stride, p.output, !fam.complex);
        });
      });
    }
    tiles.flush();
  }
}
