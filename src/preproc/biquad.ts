/**
 * IIR filtering (second-order sections) of interleaved multichannel recordings: raw [nObs, nCh]
 * rows as stored on disk (int16, float32 or float64), with scipy's semantics along time for
 * every channel:
 *   sosfiltfiltInterleaved == scipy.signal.sosfiltfilt(sos, x.reshape(nObs, nCh), axis=0, padtype, padlen)
 *   sosfiltInterleaved     == scipy.signal.sosfilt(sos, x.reshape(nObs, nCh), axis=0, zi)
 * The wasm SIMD kernel (asm/filter.ts) runs when the kernel path allows it (src/wasm/kernelPath.ts);
 * otherwise the float64 reference code of src/preproc/sosfilt.ts. `out` is interleaved too and
 * may be `x` itself (every input row is read before the first output row is written).
 */
import type { SOSInput } from "./sosfilt";
import { checkCall, checkEdge, checkZi, InterleavedInput, InterleavedOutput, SosfiltfiltInterleavedOptions, SosfiltInterleavedOptions } from "./biquadArgs";
import { sosfiltfiltTs, sosfiltTs } from "./biquadTs";
import { BiquadWasm } from "./biquadWasm";
import { wasmModule } from "../wasm/loader";
import type { WasmInstance } from "../wasm/wasmApi";

export type { InterleavedInput, InterleavedOutput, Precision, SosfiltfiltInterleavedOptions, SosfiltInterleavedOptions } from "./biquadArgs";

let driver: BiquadWasm | null = null;
let driverFor: WasmInstance | null = null;

/** The wasm driver, or null when the TypeScript path is selected or the module is unavailable. */
function wasm(): BiquadWasm | null {
  const inst = wasmModule("filter");
  if (inst === null) return null;
  if (driverFor !== inst) {
    driver = new BiquadWasm(inst);
    driverFor = inst;
  }
  return driver;
}

/**
 * Zero-phase filtering of every channel of interleaved x into interleaved out (scipy's sosfiltfilt,
 * axis 0). Returns whether x held a NaN when the wasm kernel ran (it sees every value), null on
 * the TypeScript path.
 */
export function sosfiltfiltInterleaved(sos: SOSInput, x: InterleavedInput, nObs: number, nCh: number, out: InterleavedOutput,
                                       opts: SosfiltfiltInterleavedOptions = {}): boolean | null {
  const c = checkCall(sos, x, nObs, nCh, out, opts.precision, opts.keep);
  const padtype = opts.padtype === undefined ? "odd" : opts.padtype;
  const edge = checkEdge(c.m, c.nObs, padtype, opts.padlen);
  const w = wasm();
  if (w) return w.sosfiltfilt(c.m, x, c.nObs, c.nCh, out, padtype, edge, c.precision, c.keep);
  const [from, to] = c.keep;
  const all = from === 0 && to === c.nObs;
  const full = all ? out : new Float64Array(c.nObs * c.nCh);
  sosfiltfiltTs(c.m, x, c.nObs, c.nCh, full, padtype, opts.padlen);
  if (!all) out.set(full.subarray(from * c.nCh, to * c.nCh));
  return null;
}

/**
 * Causal filtering of every channel (scipy's sosfilt, axis 0). `zi` ([nSections, 2, nCh]
 * flattened: zi[(2*s + k) * nCh + c]) is the initial state, zeros when absent; it is updated in
 * place to the final state, so consecutive blocks of one recording can be filtered in turn.
 * Returns whether x held a NaN (wasm path), else null.
 */
export function sosfiltInterleaved(sos: SOSInput, x: InterleavedInput, nObs: number, nCh: number, out: InterleavedOutput,
                                   zi?: Float64Array, opts: SosfiltInterleavedOptions = {}): boolean | null {
  const c = checkCall(sos, x, nObs, nCh, out, opts.precision);
  const z = checkZi(zi, c.nSec, c.nCh);
  const w = wasm();
  if (w) return w.sosfilt(c.m, x, c.nObs, c.nCh, out, z, c.precision);
  sosfiltTs(c.m, x, c.nObs, c.nCh, out, z);
  return null;
}
