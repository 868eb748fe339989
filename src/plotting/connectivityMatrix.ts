/**
 * The channel × channel matrix of a CrossSpectralData (singlepanelplot without a channel pair):
 * rows channel_i, columns channel_j, one cell per pair, its colour the measure at one frequency or
 * averaged over a band. Syncopy has no such plot (its singlepanelplot needs a pair).
 */
import { CrossSpectralData } from "../data/crossspectral";
import { SelectionSpec } from "../data/selection";
import { matrixSpec } from "../plot/matrixSpec";
import { VegaLiteSpec } from "../plot/specs";
import {
  CrossSpectralPlotOptions, measureScale, measureTitle, resolveMid, sequentialDomain,
} from "./connectivityMeasure";
import { SelectedCrossSpectra, at, isSelfPair, readCrossSpectra } from "./crossSpectralSelection";

/** Numbers in titles and tooltips: 4 significant digits, no trailing zeros. */
export function fmt(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** Which bins of the selection a cell averages, and how titles say it. */
interface Bins {
  times: number[];
  /** "at 10 Hz", "mean over 8 … 12 Hz (5 bins)", "" (corr: no frequency). */
  freqText: string;
  /** The frequency tooltip: "10 Hz", "8 … 12 Hz (mean of 5 bins)". */
  freqTip?: string;
  /** ", mean over 0 … 1.5 s", "at lag 0 s", "". */
  timeText: string;
  timeTip?: { title: string; value: string };
}

function bins(s: SelectedCrossSpectra, select: SelectionSpec): Bins {
  const { freq, time, nTime, nFreq } = s;
  const lagged = s.measure.lagged;
  let freqText = "", freqTip: string | undefined;
  if (!(lagged && nFreq === 1)) {
    const band = `${fmt(freq[0])} … ${fmt(freq[nFreq - 1])} Hz`;
    if (nFreq === 1) { freqText = `at ${fmt(freq[0])} Hz`; freqTip = `${fmt(freq[0])} Hz`; }
    else {
      const all = select.frequency === undefined || select.frequency === null || select.frequency === "all";
      freqText = all ? `mean over all frequencies (${band}, ${nFreq} bins)` : `mean over ${band} (${nFreq} bins)`;
      freqTip = `${band} (mean of ${nFreq} bins)`;
    }
  }
  let times = Array.from({ length: nTime }, (_, k) => k);
  // corr: the zero-lag correlation unless a latency window picks lags
  if (lagged && select.latency === undefined && nTime > 1) {
    let best = 0;
    for (let k = 1; k < nTime; k++) if (Math.abs(time[k]) < Math.abs(time[best])) best = k;
    times = [best];
  }
  const t0 = time[times[0]], t1 = time[times[times.length - 1]];
  let timeText = "", timeTip: Bins["timeTip"];
  if (lagged) {
    timeText = times.length === 1 ? `at lag ${fmt(t0)} s` : `mean over lags ${fmt(t0)} … ${fmt(t1)} s (${times.length} lags)`;
    timeTip = { title: "lag", value: times.length === 1 ? `${fmt(t0)} s` : `${fmt(t0)} … ${fmt(t1)} s (mean)` };
  } else if (nTime > 1) {
    timeText = `mean over ${fmt(t0)} … ${fmt(t1)} s (${nTime} time bins)`;
    timeTip = { title: "time", value: `${fmt(t0)} … ${fmt(t1)} s (mean)` };
  }
  return { times, freqText, freqTip, timeText, timeTip };
}

/**
 * The matrix values: per pair (a, b), the mean over the cell's time bins and every selected
 * frequency bin (NaN for a channel with itself when the measure is directed). Row-major [nI][nJ].
 */
export function matrixValues(s: SelectedCrossSpectra, data: CrossSpectralData, times: number[]): Float64Array {
  const z = new Float64Array(s.nI * s.nJ);
  const n = times.length * s.nFreq;
  for (let a = 0; a < s.nI; a++) for (let b = 0; b < s.nJ; b++) {
    if (s.measure.directed && isSelfPair(s, a, b, data)) { z[a * s.nJ + b] = NaN; continue; }
    let sum = 0;
    for (const t of times) for (let f = 0; f < s.nFreq; f++) sum += at(s, t, f, a, b);
    z[a * s.nJ + b] = sum / n;
  }
  return z;
}

/**
 * singlepanelplot of a CrossSpectralData without channel_i/channel_j: the channel × channel matrix.
 *
 * - Which frequencies: the `frequency` selection, i.e. `frequency: 10` the nearest bin (10 must lie
 *   inside the axis), `frequency: [8, 12]` the mean over the bins in the band (an error when it
 *   holds none). Default (no `frequency`): the mean over all frequencies, said in the title.
 * - Time-resolved results (time-frequency input): also the mean over the selected time bins
 *   (`latency` narrows them). corr: the zero-lag correlation by default, or the mean over the lags
 *   a `latency` window selects.
 * - One trial (`trials` selects it when the data keep trials).
 * - Colours: signed measures (coh output real/imag/angle, imcoh, corr) on a diverging scale
 *   centred on 0 (dPLI on 0.5), symmetric around it; non-negative ones on a sequential scale from
 *   min(0, lowest value) to the highest; |csd| on a log colour scale by default (`scale`: "linear"
 *   or "dB"). Complex values are drawn as magnitudes.
 * - Granger causality (directed): rows are the senders ("channel_i (from)"), columns the receivers
 *   ("channel_j (to)"); a channel's cell with itself is empty.
 * - Tooltips: both labels, the value, the frequency (and time or lag).
 */
export function connectivityMatrixSpec(data: CrossSpectralData, select: SelectionSpec, opts: CrossSpectralPlotOptions): VegaLiteSpec {
  const s = readCrossSpectra(data, select, opts.unit);
  const m = s.measure;
  const scale = measureScale(m, opts);
  const b = bins(s, select);
  let z = matrixValues(s, data, b.times);
  if (scale === "dB") z = z.map((v) => (v > 0 ? 10 * Math.log10(v) : NaN));
  const zMid = scale === "linear" ? resolveMid(m, z) : undefined;
  const zTitle = measureTitle(m, scale === "dB");
  const where = [b.freqText, b.timeText].filter((t) => t).join(", ");
  const title = opts.title ?? `${m.label}${where ? `, ${where}` : ""}`;
  const subtitle = `CrossSpectralData${m.method ? ` (${m.method})` : ""}, trial ${s.trial}` +
    (m.directed ? ": row → column, from channel_i to channel_j" : "");
  const tooltip: { title: string; value: string }[] = [];
  if (b.freqTip) tooltip.push({ title: "frequency", value: b.freqTip });
  if (b.timeTip) tooltip.push(b.timeTip);
  return matrixSpec({
    rows: s.namesI, columns: s.namesJ, z,
    rowTitle: m.directed ? "channel_i (from)" : "channel_i",
    columnTitle: m.directed ? "channel_j (to)" : "channel_j",
    zTitle, title, subtitle, zMid, logZ: scale === "log",
    zDomain: sequentialDomain(z, zMid, scale, m.power),
    tooltip,
  });
}
