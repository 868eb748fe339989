/**
 * singlepanelplot of a CrossSpectralData (Syncopy's plot_CrossSpectralData): one trial, one
 * `channel_i` and one or more `channel_j`, a line over frequency per pair ("channel1 - channel2";
 * Granger causality "channel1 → channel2", the direction it measures).
 * Coherence is drawn as stored (its `output`, unitless, linear axis); a complex result (csd, coh
 * output "complex") as its magnitude, |csd| on a log axis by default, or "linear" or "dB"
 * (10·log10: a cross-spectrum is a power). Syncopy draws no csd (NotImplementedError); spyts
 * draws |csd|.
 */
import { SPYValueError } from "../core/errors";
import { isComplex } from "../core/ndarray";
import { CrossSpectralData } from "../data/crossspectral";
import { SelectionSpec } from "../data/selection";
import { SelectionSource } from "../data/source";
import { lineSpec, VegaLiteSpec } from "../plot/specs";

export interface CrossSpectralPlotOptions {
  logscale?: boolean;
  scale?: "linear" | "log" | "dB";
  unit?: string;
  title?: string;
}

export function crossSpectralSpec(data: CrossSpectralData, select: SelectionSpec, opts: CrossSpectralPlotOptions): VegaLiteSpec {
  if (select.channel_i === undefined || select.channel_j === undefined) {
    throw new SPYValueError("channel_i/channel_j", select.channel_i ?? select.channel_j ?? null,
      "a channel combination to plot: channel_i (one channel) and channel_j (one or more), e.g. { channel_i: 0, channel_j: 1 }");
  }
  const sel = new SelectionSource(data, data.resolve(select));
  const s = sel.selection;
  if (s.trials.length !== 1) throw new SPYValueError("trials", select.trials ?? "all", "one trial to plot (e.g. trials: 0)");
  const [nTime, F, Ci, Cj] = sel.trialShape(0);
  if (Ci !== 1) throw new SPYValueError("channel_i", select.channel_i, "one channel (one line per channel_j)");
  if (nTime !== 1) throw new SPYValueError("data", `${nTime} time points`, "a result without a time axis (time-resolved plots are not supported yet)");
  const t = sel.readTrial(0);
  const complex = isComplex(data.dtype);
  const fi = data.freq;
  const freq = s.dims.freq ? Float64Array.from(s.dims.freq, (i) => fi[i]) : fi;
  const li = data.channel_i, lj = data.channel_j;
  const nameI = s.dims.channel_i ? li[s.dims.channel_i[0]] : li[0];
  const namesJ = s.dims.channel_j ? s.dims.channel_j.map((j) => lj[j]) : lj;
  const conn = data.cfg.connectivityanalysis as Record<string, unknown> | undefined;
  const method = typeof conn?.method === "string" ? conn.method : undefined;
  const output = typeof conn?.output === "string" ? conn.output : undefined;
  const arrow = method === "granger" ? " → " : " - ";
  let series = namesJ.map((name, j) => ({
    name: `${nameI}${arrow}${name}`,
    y: Float64Array.from({ length: F }, (_, f) => (complex ? Math.hypot(t.data[2 * (f * Cj + j)], t.data[2 * (f * Cj + j) + 1]) : t.data[f * Cj + j])),
  }));
  const unit = opts.unit ?? "a.u.";
  const isCsd = method === "csd" || (method !== "coh" && complex);
  // only |csd| is a positive power; coherence, Granger causality and other measures stay linear
  let scale = opts.scale ?? (opts.logscale === false || !isCsd ? "linear" : "log");
  if (!isCsd && opts.scale !== undefined && opts.scale !== "linear") {
    throw new SPYValueError("scale", opts.scale, `"linear" for ${method ?? "this measure"} (log and dB scales apply to |csd|)`);
  }
  if (!isCsd) scale = "linear";
  let yTitle: string;
  if (method === "coh") yTitle = complex ? "|coherency|" : `${output} coherence`;
  else if (method === "granger") yTitle = "Granger causality";
  else if (isCsd) yTitle = scale === "dB" ? `|csd| (dB re 1 ${unit}²)` : `|csd| (${unit}²)`;
  else yTitle = "value";
  if (scale === "dB") series = series.map((sr) => ({ name: sr.name, y: sr.y.map((v) => (v > 0 ? 10 * Math.log10(v) : NaN)) }));
  const heading = opts.title ?? `CrossSpectralData${method ? ` (${method})` : ""}, trial ${s.trials[0]}`;
  return lineSpec({ x: freq, series, xTitle: "frequency (Hz)", yTitle, title: heading, logY: scale === "log" });
}
