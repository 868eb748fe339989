/**
 * What a CrossSpectralData holds, read from the call that made it (`data.cfg.connectivityanalysis`:
 * method and output): the label of its axes and colour legends, whether it is directed (Granger
 * causality G[f, i, j] = i → j), signed (a diverging colour scale around its neutral value) or a
 * positive power (|csd|: log and dB scales apply), and whether its time axis is a lag (corr).
 * Complex results are drawn as magnitudes.
 */
import { SPYValueError } from "../core/errors";
import { isComplex } from "../core/ndarray";
import { CrossSpectralData } from "../data/crossspectral";

export interface ConnectivityMeasure {
  /** connectivityanalysis' method, when the data say. */
  method?: string;
  /** Its output keyword (coh), when the data say. */
  output?: string;
  /** Name of the plotted quantity, e.g. "Granger causality", "abs coherence", "|csd|". */
  label: string;
  /** Its unit ("" for unitless measures), e.g. "a.u.²" for |csd|, "rad" for phases. */
  unit: string;
  /** G[i, j] is a direction, i → j (Granger causality): pairs read "i → j", the diagonal is empty. */
  directed: boolean;
  /** Stored as complex values, drawn as magnitudes. */
  complex: boolean;
  /** A cross-spectral power (|csd|): positive, log (default) and dB scales apply. */
  power: boolean;
  /**
   * The neutral value of a signed measure, the centre of its diverging colour scale (0 for
   * imaginary coherency, correlation, real/imag/angle coherency; 0.5 for dPLI). Undefined for
   * non-negative measures (a sequential scale). `null`: not known, decided by the data's sign.
   */
  mid: number | undefined | null;
  /** The time axis holds lags (corr), not time bins. */
  lagged: boolean;
}

/** Measures in [0, 1] (or non-negative): sequential colour scales. Label by method. */
const UNSIGNED: Record<string, string> = {
  granger: "Granger causality",
  plv: "PLV",
  ciplv: "ciPLV",
  ppc: "PPC",
  pli: "PLI",
  pli2_unbiased: "unbiased PLI²",
  wpli: "wPLI",
  wpli2_debiased: "debiased wPLI²",
};

/** Signed measures: their label and neutral value. */
const SIGNED: Record<string, [string, number]> = {
  imcoh: ["imaginary coherency", 0],
  corr: ["correlation", 0],
  dpli: ["dPLI", 0.5],
};

/** coh outputs of either sign (the phase in rad). */
const SIGNED_COH_OUTPUTS = ["real", "imag", "angle"];

/** The measure a CrossSpectralData holds, with `unit` the signal's unit (for |csd|, default "a.u."). */
export function connectivityMeasure(data: CrossSpectralData, unit = "a.u."): ConnectivityMeasure {
  const conn = data.cfg.connectivityanalysis as Record<string, unknown> | undefined;
  const method = typeof conn?.method === "string" ? conn.method : undefined;
  const output = typeof conn?.output === "string" ? conn.output : undefined;
  const complex = isComplex(data.dtype);
  const base = { method, output, complex, directed: method === "granger", lagged: method === "corr" };
  if (method === "csd" || (method === undefined && complex)) {
    return { ...base, label: "|csd|", unit: `${unit}²`, power: true, mid: undefined };
  }
  if (method === "coh" || method === "cohy") {
    if (complex) return { ...base, label: "|coherency|", unit: "", power: false, mid: undefined };
    const out = output ?? "abs";
    // Syncopy's y label: "<output> coherence"
    return { ...base, label: `${out} coherence`, unit: out === "angle" ? "rad" : "", power: false, mid: SIGNED_COH_OUTPUTS.includes(out) ? 0 : undefined };
  }
  if (method !== undefined && method in UNSIGNED) {
    const label = complex ? `|${UNSIGNED[method]}|` : UNSIGNED[method];
    return { ...base, label, unit: "", power: false, mid: undefined };
  }
  if (method !== undefined && method in SIGNED) {
    const [label, mid] = SIGNED[method];
    return complex ? { ...base, label: `|${label}|`, unit: "", power: false, mid: undefined } : { ...base, label, unit: "", power: false, mid };
  }
  const label = method === undefined ? "value" : method;
  return { ...base, label: complex ? `|${label}|` : label, unit: "", power: false, mid: complex ? undefined : null };
}

/** "Granger causality", "|csd| (a.u.²)", "|csd| (dB re 1 a.u.²)", "angle coherence (rad)". */
export function measureTitle(m: ConnectivityMeasure, dB = false): string {
  if (dB) return `${m.label} (dB re 1 ${m.unit})`;
  return m.unit ? `${m.label} (${m.unit})` : m.label;
}

/** How a pair reads: "i → j" for a directed measure, "i - j" otherwise (Syncopy's labels). */
export function pairName(m: ConnectivityMeasure, nameI: string, nameJ: string): string {
  return `${nameI}${m.directed ? " → " : " - "}${nameJ}`;
}

/** The options of CrossSpectralData plots (besides the selection). */
export interface CrossSpectralPlotOptions {
  /** |csd|: logarithmic axis or colour scale (default true). */
  logscale?: boolean;
  /** |csd|: "log" (default), "linear" or "dB" (10·log10); every other measure: "linear" only. */
  scale?: "linear" | "log" | "dB";
  /** The signal's unit, for |csd| (default "a.u."). */
  unit?: string;
  title?: string;
}

/**
 * The scale a measure is drawn on: |csd| on a log scale unless `logscale: false` or `scale` says
 * otherwise; every other measure (bounded, or of either sign) linearly, and asking for "log" or
 * "dB" is an error naming `scale`.
 */
export function measureScale(m: ConnectivityMeasure, opts: CrossSpectralPlotOptions): "linear" | "log" | "dB" {
  if (!m.power) {
    if (opts.scale !== undefined && opts.scale !== "linear") {
      throw new SPYValueError("scale", opts.scale, `"linear" for ${m.method ?? "this measure"} (log and dB scales apply to |csd|)`);
    }
    return "linear";
  }
  return opts.scale ?? (opts.logscale === false ? "linear" : "log");
}

/**
 * The colour domain of a non-negative measure on a linear scale: [min(0, lo), hi], so that the
 * scale's low end means "no coupling" (bias-corrected estimators such as PPC may dip below 0).
 * Undefined (the plot's default) for signed measures, log scales or when no value is finite.
 */
export function sequentialDomain(z: ArrayLike<number>, mid: number | undefined, scale: "linear" | "log" | "dB", power: boolean): [number, number] | undefined {
  if (mid !== undefined || scale !== "linear" || power) return undefined;
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < z.length; k++) if (Number.isFinite(z[k])) { lo = Math.min(lo, z[k]); hi = Math.max(hi, z[k]); }
  if (!(lo <= hi)) return undefined;
  lo = Math.min(0, lo);
  return hi > lo ? [lo, hi] : undefined;
}

/** The centre of the diverging scale: the measure's, or for an unknown measure 0 when a value is negative. */
export function resolveMid(m: ConnectivityMeasure, z: ArrayLike<number>): number | undefined {
  if (m.mid !== null) return m.mid;
  for (let k = 0; k < z.length; k++) if (z[k] < 0) return 0;
  return undefined;
}
