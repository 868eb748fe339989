/**
 * A deterministic [L, C] C-order trial for comparing the kernel and TypeScript paths: an offset, a
 * slow per-channel trend, one sinusoid per channel (angular frequency `omega * (c + 1)` per sample)
 * and uniform noise from a fixed LCG, as float32 or float64.
 */
export function syntheticTrial(L: number, C: number, seed: number, offset: number, f32: boolean, omega: number): Float32Array | Float64Array {
  const x = f32 ? new Float32Array(L * C) : new Float64Array(L * C);
  let s = seed >>> 0;
  for (let i = 0; i < L; i++) {
    for (let c = 0; c < C; c++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      x[i * C + c] = offset + 0.01 * i * (c % 3) + Math.sin(omega * (c + 1) * i) + (s / 2 ** 32 - 0.5);
    }
  }
  return x;
}

/** Seeded standard normal values (LCG + Box-Muller), the same for a seed on every machine. */
export function gaussian(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0 || 1;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u())), a = 2 * Math.PI * u();
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}
