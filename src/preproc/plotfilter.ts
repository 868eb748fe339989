/**
 * spy.plotfilter: the frequency response (magnitude in dB and phase) of the filter that
 * preprocessing applies, as one vega-lite chart with two panels (interactive in JupyterLab,
 * SVG in static exports), so users see what they apply. Give the result of preprocessing
 * (its cfg says which filter) or the filter keywords with a samplerate.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkNumber, checkOptions, checkString, isPlainObject } from "../core/keywords";
import { BaseData } from "../data/base";
import { VEGALITE_SCHEMA, VegaLiteSpec } from "../plot/specs";
import { displaySpec } from "../plot/display";
import { FilterResponse, filterResponse } from "./response";
import { maxOf, minOf } from "../core/extrema";

export interface PlotFilterOptions {
  /** Frequencies from 0 to Nyquist (default 1024). */
  nPoints?: number;
  /** Lowest magnitude shown, in dB (default -120). */
  floorDb?: number;
  title?: string;
}

const sig = (v: number): number => Number(v.toPrecision(6));

/**
 * Two stacked panels sharing the frequency axis: magnitude (dB) and phase (degrees), unwrapped
 * with the amplitude's sign changes taken out (`responsePhase`): a zero-phase filter (twopass, or
 * a centred windowed sinc) is a flat line at 0°, a linear-phase filter a straight line. A phase
 * that stays within ±1° gets a ±90° axis, so the flat line reads as zero phase.
 */
export function filterResponseSpec(resp: FilterResponse, opts: PlotFilterOptions = {}): VegaLiteSpec {
  const floor = opts.floorDb ?? -120;
  const values = Array.from(resp.freq, (f, i) => ({ f: sig(f), db: sig(Math.max(floor, resp.db[i])), phase: sig(resp.phase[i]) }));
  const x = { field: "f", type: "quantitative", title: "frequency (Hz)", scale: { domain: [0, sig(resp.freq[resp.freq.length - 1])] } };
  const top = Math.max(5, Math.ceil(maxOf(resp.db) / 5) * 5 + 5);
  let pmin = Infinity, pmax = -Infinity;
  for (const p of resp.phase) { if (p < pmin) pmin = p; if (p > pmax) pmax = p; }
  const flat = pmax - pmin < 1 && Math.abs(pmin) < 1 && Math.abs(pmax) < 1;
  const phaseScale = flat ? { domain: [-90, 90] } : { zero: false };
  return {
    $schema: VEGALITE_SCHEMA,
    title: opts.title ?? `Frequency response: ${resp.description}`,
    data: { values },
    vconcat: [
      {
        width: 600, height: 220,
        mark: { type: "line", clip: true, strokeWidth: 1.5 },
        params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
        encoding: {
          x,
          y: { field: "db", type: "quantitative", title: "magnitude (dB)", scale: { domain: [floor, top] } },
          tooltip: [{ field: "f", title: "frequency (Hz)" }, { field: "db", title: "magnitude (dB)" }],
        },
      },
      {
        width: 600, height: 140,
        ...(flat ? { title: { text: "zero phase", fontSize: 11, fontWeight: "normal", anchor: "start" } } : {}),
        mark: { type: "line", clip: true, strokeWidth: 1.5, color: "#d95f02" },
        encoding: {
          x,
          y: { field: "phase", type: "quantitative", title: "phase (°)", scale: phaseScale, axis: flat ? { values: [-90, 0, 90] } : {} },
          tooltip: [{ field: "f", title: "frequency (Hz)" }, { field: "phase", title: "phase (°)" }],
        },
      },
    ],
  };
}

function keywordsOf(source: BaseData | Record<string, unknown>): { kw: Record<string, unknown> & { samplerate: number }; minLength: number } {
  if (source instanceof BaseData) {
    const cfg = source.cfg.preprocessing as Record<string, unknown> | undefined;
    if (!cfg || cfg.filter_class === null || cfg.filter_class === undefined) {
      throw new SPYValueError("data", source.className, "the result of spy.preprocessing with a filter (its cfg.preprocessing names the filter)");
    }
    const keys = ["filter_class", "filter_type", "freq", "order", "direction", "window"];
    const kw: Record<string, unknown> = {};
    for (const k of keys) if (k in cfg) kw[k] = cfg[k];
    const lengths = source.trialdefinition.map((r) => r[1] - r[0]);
    return { kw: { ...kw, samplerate: source.samplerate }, minLength: minOf(lengths) };
  }
  if (!isPlainObject(source)) throw new SPYTypeError("data", source, "a preprocessing result, or filter keywords with a samplerate");
  return { kw: source as Record<string, unknown> & { samplerate: number }, minLength: Infinity };
}

/** The options of plotfilter/filterresponse, checked. */
function checkPlotFilterOptions(opts: unknown, where: string): PlotFilterOptions {
  const o = checkOptions(opts, where, ["nPoints", "floorDb", "title"]) as PlotFilterOptions;
  if (o.floorDb !== undefined) checkNumber(o.floorDb, "floorDb");
  if (o.title !== undefined) checkString(o.title, "title", "a string", true);
  return o;
}

/**
 * The response numbers behind plotfilter: frequency, magnitude (dB) and phase of the filter of a
 * preprocessing result (its cfg) or of filter keywords with a samplerate, at `nPoints` (default 1024)
 * frequencies from 0 to Nyquist. Data that preprocessing did not filter: SPYValueError.
 */
export function filterresponse(source: BaseData | Record<string, unknown>, options: PlotFilterOptions = {}): FilterResponse {
  const opts = checkPlotFilterOptions(options, "filterresponse");
  const { kw, minLength } = keywordsOf(source);
  return filterResponse(kw, opts.nPoints ?? 1024, minLength);
}

/** Display the response chart inline (tslab); resolves once the output is sent. */
export function plotfilter(source: BaseData | Record<string, unknown>, options: PlotFilterOptions = {}): Promise<void> {
  const opts = checkPlotFilterOptions(options, "plotfilter");
  const resp = filterresponse(source, opts);
  return displaySpec(filterResponseSpec(resp, opts), `<spyts filter response: ${resp.description}>`);
}
