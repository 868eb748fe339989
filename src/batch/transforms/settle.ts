/**
 * How many samples an IIR filter needs before a disturbance (a batch edge) has died away to
 * `tol` of its size: the slowest pole's radius r gives r^n <= tol. filtfilt runs the filter twice
 * and a pole of multiplicity m decays like n^(m-1) r^n, so the count is padded by 50 % and by
 * the sections' order. Used to size the buffers that make batched output equal whole-file output.
 */
export function settleSamples(sosFlat: Float64Array, tol = 1e-10): number {
  let rmax = 0;
  for (let s = 0; s < sosFlat.length; s += 6) {
    const a1 = sosFlat[s + 4], a2 = sosFlat[s + 5];
    const disc = a1 * a1 - 4 * a2;
    let r: number;
    if (disc < 0) r = Math.sqrt(a2);                     // complex pair: |p|^2 = a2
    else {
      const q = Math.sqrt(disc);
      r = Math.max(Math.abs((-a1 + q) / 2), Math.abs((-a1 - q) / 2));
    }
    rmax = Math.max(rmax, r);
  }
  if (rmax === 0) return sosFlat.length / 6 * 2;         // FIR sections
  if (rmax >= 1) return Infinity;                        // unstable: no buffer is enough
  const n = Math.log(tol) / Math.log(rmax);
  return Math.ceil(1.5 * n) + sosFlat.length / 3;
}
