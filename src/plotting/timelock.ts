/**
 * Plots of a TimeLockData (spy.singlepanelplot / spy.multipanelplot dispatch here), drawn from its
 * datasets, not its trials:
 * - "average": each channel's `avg` with a band of ± SD (sqrt(var), var as computed: ddof
 *   `var_ddof`) or ± SEM (SD / sqrt(dof), dof per sample) around it;
 * - "butterfly": every channel's average overlaid, for many channels (one colour, pick a channel);
 * - "image": channel x time, the average as colour (a diverging scale centred on 0).
 * The default view ("auto") is "average" up to 10 channels (one colour each) and "butterfly" beyond.
 * multipanelplot draws one panel per channel, with the band.
 *
 * Syncopy plots a TimeLockData as AnalogData (its trials, shifted); FieldTrip's ft_singleplotER
 * draws the average without a spread.
 */
import { SPYValueError } from "../core/errors";
import { checkOneOf, checkOptions, checkString } from "../core/keywords";
import { isComplex } from "../core/ndarray";
import { TimeLockData } from "../data/timelock";
import { SelectionSpec } from "../data/selection";
import { MAX_COLORS, MAX_PANELS, Series, VegaLiteSpec, heatmapSpec, lineSpec, multiPanelSpec } from "../plot/specs";
import { maxOf, minOf } from "../core/extrema";

export const TIMELOCK_VIEWS = ["auto", "average", "butterfly", "image"] as const;
export type TimeLockView = (typeof TIMELOCK_VIEWS)[number];
const BANDS = ["sd", "sem", "none"] as const;

/** The options of singlepanelplot / multipanelplot for a TimeLockData. */
export interface TimeLockPlotOptions {
  /** Channels to draw (a name, an index or a list of them; default all). */
  channel?: SelectionSpec["channel"];
  /** Time window [t0, t1] in s (or "all"). */
  latency?: SelectionSpec["latency"];
  /** "auto" (default), "average", "butterfly" or "image". */
  view?: TimeLockView;
  /** Around each average: "sd" (default when var is there and >= 2 trials), "sem" or "none". */
  band?: (typeof BANDS)[number];
  /** The signal's unit for the value axis (default "a.u."). */
  unit?: string;
  /** Chart title. */
  title?: string;
}

const KEYS = ["channel", "latency", "view", "band", "unit", "title"];

/** The vega-lite spec of a TimeLockData plot (`multi`: one panel per channel). */
export function timelockPlotSpec(data: TimeLockData, options: unknown, multi: boolean): VegaLiteSpec {
  const where = multi ? "multipanelplot" : "singlepanelplot";
  const o = checkOptions(options ?? {}, `${where} of TimeLockData`, KEYS) as TimeLockPlotOptions;
  const view = o.view === undefined ? "auto" : checkOneOf(o.view, "view", TIMELOCK_VIEWS);
  if (o.band !== undefined) checkOneOf(o.band, "band", BANDS);
  const unit = o.unit === undefined ? "a.u." : checkString(o.unit, "unit");
  if (o.title !== undefined) checkString(o.title, "title", "a string", true);
  const avg = data.avg;
  if (!avg) throw new SPYValueError("data", data.className, "a TimeLockData with an average (avg), as spy.timelockanalysis makes");
  const complex = isComplex(avg.dtype);

  // channel and latency select on the common time axis of the datasets
  const sel = data.resolve({ trials: 0, channel: o.channel, latency: o.latency });
  const [n, C] = avg.shape;
  const [i0, i1] = sel.stackRanges[0] ?? [0, n];
  const chans = sel.dims.channel ?? Array.from({ length: C }, (_, c) => c);
  const labels = data.channel;
  const names = chans.map((c) => labels[c]);
  const time = data.timeAxis.subarray(i0, i1);
  const value = (t: number, c: number) => (complex ? Math.hypot(avg.data[2 * (t * C + c)], avg.data[2 * (t * C + c) + 1]) : avg.data[t * C + c]);
  const mean = chans.map((c) => Float64Array.from({ length: i1 - i0 }, (_, i) => value(i0 + i, c)));
  const yTitle = `${complex ? "|average|" : "average"} (${unit})`;

  const resolved: TimeLockView = view !== "auto" ? view : multi || names.length <= MAX_COLORS ? "average" : "butterfly";
  if (multi && resolved !== "average") throw new SPYValueError("view", view, `"average" or "auto" for multipanelplot (one panel per channel)`);
  if (multi && names.length > MAX_PANELS) throw new SPYValueError("channel", o.channel ?? "all", `at most ${MAX_PANELS} channels (one panel each); select fewer`);
  const dof = data.dof;
  const trials = dof ? trialRange(dof.data) : `${data.nTrials}`;

  if (resolved === "image") {
    if (o.band !== undefined && o.band !== "none") throw new SPYValueError("band", o.band, `left out: a band is drawn around averages (view "average")`);
    const z = new Float64Array(names.length * time.length);
    mean.forEach((m, j) => z.set(m, j * time.length));
    return heatmapSpec({
      x: time, y: Float64Array.from(chans, (_, j) => j + 1), z, xTitle: "time (s)",
      yTitle: names.length <= 12 ? `channel (${names.join(", ")})` : `channel (1 = ${names[0]} … ${names.length} = ${names[names.length - 1]})`,
      zTitle: yTitle, zMid: complex ? undefined : 0, title: o.title ?? `Trial average of ${trials} trials, channel × time`,
    });
  }

  const band = resolveBand(o.band, resolved, data, complex);
  let series: Series[] = names.map((name, j) => ({ name, y: mean[j] }));
  if (band !== "none") {
    const variance = data.var!.data, counts = dof!.data;
    series = series.map((s, j) => {
      const c = chans[j];
      const half = Float64Array.from({ length: i1 - i0 }, (_, i) => {
        const e = (i0 + i) * C + c;
        const sd = Math.sqrt(variance[e]);
        return band === "sem" ? sd / Math.sqrt(counts[e]) : sd;
      });
      const m = mean[j];
      return { ...s, lo: m.map((v, i) => v - half[i]), hi: m.map((v, i) => v + half[i]) };
    });
  }
  const bandName = band === "sem" ? "SEM" : "SD";
  const spread = band === "none" ? "" : ` ± ${bandName}${band === "sd" ? ` (ddof ${data.var_ddof})` : ""}`;
  const title = o.title ?? (resolved === "butterfly"
    ? `Trial average of ${trials} trials, ${names.length} channels`
    : `Trial average${spread} of ${trials} trials`);
  const common = { x: time, series, xTitle: "time (s)", yTitle, title, bandName };
  return multi ? multiPanelSpec(common) : lineSpec({ ...common, shifted: false, unit });
}

/** The band to draw: as asked (checked), else "sd" when there is a spread to show. */
function resolveBand(band: TimeLockPlotOptions["band"], view: TimeLockView, data: TimeLockData, complex: boolean): (typeof BANDS)[number] {
  const dof = data.dof;
  const spread = data.var !== null && dof !== null && maxOf(Array.from(dof.data)) >= 2 && !complex;
  if (band === undefined) return view === "average" && spread ? "sd" : "none";
  if (band === "none") return band;
  if (view === "butterfly") throw new SPYValueError("band", band, `left out: a band is drawn around averages (view "average")`);
  if (complex) throw new SPYValueError("band", band, `"none" for a complex average (its magnitude is drawn)`);
  if (!spread) throw new SPYValueError("band", band, "a TimeLockData with var and dof of at least 2 trials to show their spread");
  return band;
}

/** "8" or "2 … 8": the number of trials behind the samples. */
function trialRange(dof: ArrayLike<number>): string {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < dof.length; i++) { lo = Math.min(lo, dof[i]); hi = Math.max(hi, dof[i]); }
  return lo === hi ? String(hi) : `${lo} … ${hi}`;
}
