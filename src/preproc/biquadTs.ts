/**
 * The TypeScript path of the interleaved IIR kernels: the float64 reference code of
 * src/preproc/sosfilt.ts (scipy's arithmetic), fed four channels at a time through an
 * interleaved float64 scratch block, because its four-lane recursion is the fastest JavaScript form.
 */
import { PadType, SosFiltFilt, sosfilt4InPlace } from "./sosfilt";
import type { InterleavedInput, InterleavedOutput } from "./biquadArgs";

/** Channels [c0, c0 + G) of interleaved x into lanes of buf from sample `at`; unused lanes zero. */
function gather(x: InterleavedInput, nObs: number, nCh: number, c0: number, G: number, buf: Float64Array, at: number): void {
  if (G < 4) buf.fill(0, 4 * at, 4 * (at + nObs));
  for (let j = 0; j < G; j++) {
    for (let i = 0, k = c0 + j, b = 4 * at + j; i < nObs; i++, k += nCh, b += 4) buf[b] = x[k];
  }
}

function scatter(buf: Float64Array, at: number, nObs: number, nCh: number, c0: number, G: number, out: InterleavedOutput): void {
  for (let j = 0; j < G; j++) {
    for (let i = 0, k = c0 + j, b = 4 * at + j; i < nObs; i++, k += nCh, b += 4) out[k] = buf[b];
  }
}

export function sosfiltfiltTs(m: Float64Array, x: InterleavedInput, nObs: number, nCh: number, out: InterleavedOutput, padtype: PadType, padlen: number | undefined): void {
  const f = new SosFiltFilt(m, padlen, padtype);
  const edge = f.edge;
  const buf = new Float64Array(4 * (nObs + 2 * edge));
  for (let c0 = 0; c0 < nCh; c0 += 4) {
    const G = Math.min(4, nCh - c0);
    gather(x, nObs, nCh, c0, G, buf, edge);
    f.filterBuffer4(buf, nObs);
    scatter(buf, edge, nObs, nCh, c0, G, out);
  }
}

/** Causal filtering; zi ([nSec, 2, nCh] flattened) is the initial state and becomes the final one. */
export function sosfiltTs(m: Float64Array, x: InterleavedInput, nObs: number, nCh: number, out: InterleavedOutput, zi: Float64Array | undefined): void {
  const nSec = m.length / 6;
  const buf = new Float64Array(4 * nObs);
  const st = new Float64Array(8 * nSec);
  for (let c0 = 0; c0 < nCh; c0 += 4) {
    const G = Math.min(4, nCh - c0);
    st.fill(0);
    // zi row r = 2*s + k holds z_k of section s for every channel; the 4-lane state is [r][lane]
    if (zi) for (let r = 0; r < 2 * nSec; r++) for (let j = 0; j < G; j++) st[4 * r + j] = zi[r * nCh + c0 + j];
    gather(x, nObs, nCh, c0, G, buf, 0);
    sosfilt4InPlace(m, buf, 0, nObs, st);
    scatter(buf, 0, nObs, nCh, c0, G, out);
    if (zi) for (let r = 0; r < 2 * nSec; r++) for (let j = 0; j < G; j++) zi[r * nCh + c0 + j] = st[4 * r + j];
  }
}
