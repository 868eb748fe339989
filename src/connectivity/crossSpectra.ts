/**
 * Cross-spectral densities from per-taper complex spectra, accumulated in float64:
 *   acc[f, a, b] += scale * sum_k X[k, f, senders[a]] * conj(X[k, f, receivers[b]])
 * X is what the multitaper kernel writes for one trial with output "fourier" and keeptapers
 * (complex interleaved [K, F, C], channel fastest); acc is complex interleaved [F, Ns, Nr]
 * (all channels x all channels unless senders/receivers, Syncopy's channelcmb, are given).
 * Calling it once per trial with scale = 1 / (K * nTrials) gives Syncopy's trial-averaged CSD
 * (connectivityanalysis method "csd", keeptrials=False); the diagonal is the taper-averaged power.
 *
 * The wasm SIMD kernel (asm/crossspectra.ts) runs when the kernel path allows it
 * (src/wasm/kernelPath.ts); otherwise the float64 reference of crossSpectraTs.ts. Both take exact
 * products of float32 input and sum in float64, so they agree to float64 rounding; the kernel's
 * opt-in precision "float32" multiplies in float32 (~1.4x faster where the products dominate,
 * ~1e-7 of the |X|^2 sums).
 *
 * Every call reads and writes the whole accumulator (33 MB for 64 channels x 501 frequencies). To
 * sum many trials, either stack several trials' tapers into one call (X [nTrials * K, F, C]: the
 * sum runs over all of them) or use CrossSpectraAccumulator, which keeps the accumulator in wasm
 * memory between calls.
 */
import { checkCrossSpectra, CrossSpectraInput, CrossSpectraOptions } from "./crossSpectraArgs";
import { accumulateCrossSpectraTs } from "./crossSpectraTs";
import { CrossSpectraWasm } from "./crossSpectraWasm";
import { wasmModule } from "../wasm/loader";
import type { WasmInstance } from "../wasm/wasmApi";

export type { CrossSpectraInput, CrossSpectraOptions, Precision } from "./crossSpectraArgs";
export { CrossSpectraAccumulator } from "./crossSpectraAccumulator";
export type { CrossSpectraAccumulatorOptions } from "./crossSpectraAccumulator";

let driver: CrossSpectraWasm | null = null;
let driverFor: WasmInstance | null = null;

/** The wasm driver, or null when the TypeScript path is selected or the module is unavailable. */
function wasm(): CrossSpectraWasm | null {
  const inst = wasmModule("crossspectra");
  if (inst === null) return null;
  if (driverFor !== inst) {
    driver = new CrossSpectraWasm(inst);
    driverFor = inst;
  }
  return driver;
}

/** Adds the cross spectra of X (K tapers, F frequencies, C channels) to acc and returns acc. */
export function accumulateCrossSpectra(
  X: CrossSpectraInput, K: number, F: number, C: number, acc: Float64Array, opts?: CrossSpectraOptions,
): Float64Array {
  const call = checkCrossSpectra(X, K, F, C, acc, opts);
  const w = wasm();
  if (w) w.accumulate(call, call.acc);
  else accumulateCrossSpectraTs(call);
  return acc;
}
