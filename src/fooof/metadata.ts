/**
 * FOOOF fit parameters in `spec.metadata`, in Syncopy's layout (`FooofSpy.process_metadata`):
 * one entry per key and trial, named "<key>__<trial>_0":
 *
 *   aperiodic_params  number[nAp][nChan]             rows offset, (knee,) exponent (log10 power)
 *   gaussian_params   number[nChan][n_peaks][3]      [mean (Hz), height (log10), sd (Hz)]
 *   peak_params       number[nChan][n_peaks][3]      [CF (Hz), PW above aperiodic (log10), BW = 2 sd (Hz)]
 *   n_peaks           number[nChan]
 *   r_squared         number[nChan]
 *   error             number[nChan]                   mean absolute error, log10 power
 *   converged         boolean[nChan]                  spyts: false where FOOOF raised a FitError
 *   fit_message       string[nChan]                   spyts: why ("" when converged)
 *
 * e.g. spec.metadata.peak_params["peak_params__3_0"][c] are the peaks of channel c in trial 3.
 * Unlike Syncopy, each channel gets its own peaks (Syncopy's split of the stacked lists repeats
 * the first channel's rows), and the metadata is kept by spy.save / spy.load.
 */

export const FOOOF_METADATA_KEYS = [
  "aperiodic_params", "gaussian_params", "peak_params", "n_peaks", "r_squared", "error", "converged", "fit_message",
] as const;

export type FooofMetadata = Record<(typeof FOOOF_METADATA_KEYS)[number], Record<string, unknown>>;

/** The rows of a flat n x 3 array. */
function rows3(a: ArrayLike<number>, start: number, count: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < count; k++) out.push([a[3 * (start + k)], a[3 * (start + k) + 1], a[3 * (start + k) + 2]]);
  return out;
}

/**
 * Turn the engine's metadata ("<key>__<trial>_<chunk>" per compute call, chunks being channel
 * blocks) into the layout above, chunks joined in channel order.
 */
export function assembleFooofMetadata(raw: Record<string, unknown>, nAp: number): FooofMetadata {
  // trial -> chunk -> values of that call
  const calls = new Map<number, Map<number, Record<string, unknown>>>();
  for (const [name, value] of Object.entries(raw)) {
    const m = /^(.*)__(\d+)_(\d+)$/.exec(name);
    if (!m) continue;
    const [, key, t, ch] = m;
    const trial = Number(t), chunk = Number(ch);
    if (!calls.has(trial)) calls.set(trial, new Map());
    const byChunk = calls.get(trial)!;
    if (!byChunk.has(chunk)) byChunk.set(chunk, {});
    byChunk.get(chunk)![key] = value;
  }
  const md = Object.fromEntries(FOOOF_METADATA_KEYS.map((k) => [k, {} as Record<string, unknown>])) as FooofMetadata;
  for (const trial of [...calls.keys()].sort((a, b) => a - b)) {
    const chunks = calls.get(trial)!;
    const ap: number[][] = Array.from({ length: nAp }, () => []);
    const gauss: number[][][] = [], peaks: number[][][] = [];
    const nPeaks: number[] = [], r2: number[] = [], err: number[] = [], conv: boolean[] = [], msg: string[] = [];
    for (const chunk of [...chunks.keys()].sort((a, b) => a - b)) {
      const v = chunks.get(chunk)!;
      const np = v.n_peaks as number[];
      const apv = v.aperiodic_params as ArrayLike<number>;
      const g = v.gaussian_params as ArrayLike<number>, p = v.peak_params as ArrayLike<number>;
      const messages = JSON.parse(String(v.fit_message ?? "[]")) as string[];
      let row = 0;
      for (let c = 0; c < np.length; c++) {
        for (let a = 0; a < nAp; a++) ap[a].push(apv[c * nAp + a]);
        gauss.push(rows3(g, row, np[c]));
        peaks.push(rows3(p, row, np[c]));
        row += np[c];
        nPeaks.push(np[c]);
        r2.push((v.r_squared as ArrayLike<number>)[c]);
        err.push((v.error as ArrayLike<number>)[c]);
        conv.push((v.converged as number[])[c] === 1);
        msg.push(messages[c] ?? "");
      }
    }
    const name = (key: string) => `${key}__${trial}_0`;
    md.aperiodic_params[name("aperiodic_params")] = ap;
    md.gaussian_params[name("gaussian_params")] = gauss;
    md.peak_params[name("peak_params")] = peaks;
    md.n_peaks[name("n_peaks")] = nPeaks;
    md.r_squared[name("r_squared")] = r2;
    md.error[name("error")] = err;
    md.converged[name("converged")] = conv;
    md.fit_message[name("fit_message")] = msg;
  }
  return md;
}
