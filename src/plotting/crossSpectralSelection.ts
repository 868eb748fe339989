/**
 * One trial of a CrossSpectralData after a selection, read once as real float64 values (complex
 * values as magnitudes) with its axes and labels: what every connectivity plot draws from.
 */
import { SPYValueError } from "../core/errors";
import { CrossSpectralData } from "../data/crossspectral";
import { SelectionSpec } from "../data/selection";
import { SelectionSource } from "../data/source";
import { ConnectivityMeasure, connectivityMeasure } from "./connectivityMeasure";

export interface SelectedCrossSpectra {
  /** The trial's index in the data. */
  trial: number;
  nTime: number;
  nFreq: number;
  nI: number;
  nJ: number;
  /** Values [nTime][nFreq][nI][nJ], complex ones as magnitudes. */
  values: Float64Array;
  /** Time bins (or lags, for corr) in s: (sample + offset) / samplerate. */
  time: Float64Array;
  /** Frequencies in Hz. */
  freq: Float64Array;
  namesI: string[];
  namesJ: string[];
  /** Indices of the selected channel_i / channel_j entries in the data's axes. */
  indexI: number[];
  indexJ: number[];
  measure: ConnectivityMeasure;
}

/** Value at (time bin t, frequency bin f, channel_i a, channel_j b) of a selection. */
export function at(s: SelectedCrossSpectra, t: number, f: number, a: number, b: number): number {
  return s.values[((t * s.nFreq + f) * s.nI + a) * s.nJ + b];
}

/**
 * Whether pair (a, b) of the selection is a channel with itself: the same entry of both channel
 * axes (same index and label), on a square CrossSpectralData. Granger causality has no value there.
 */
export function isSelfPair(s: SelectedCrossSpectra, a: number, b: number, data: CrossSpectralData): boolean {
  const li = data.channel_i, lj = data.channel_j;
  return li.length === lj.length && s.indexI[a] === s.indexJ[b] && s.namesI[a] === s.namesJ[b];
}

/** Reads the one selected trial; a selection of several trials is an error naming `trials`. */
export function readCrossSpectra(data: CrossSpectralData, select: SelectionSpec, unit?: string): SelectedCrossSpectra {
  const src = new SelectionSource(data, data.resolve(select));
  const s = src.selection;
  if (s.trials.length !== 1) throw new SPYValueError("trials", select.trials ?? "all", "one trial to plot (e.g. trials: 0)");
  const [nTime, nFreq, nI, nJ] = src.trialShape(0);
  const t = src.readTrial(0);
  const n = nTime * nFreq * nI * nJ;
  const measure = connectivityMeasure(data, unit);
  const values = measure.complex
    ? Float64Array.from({ length: n }, (_, k) => Math.hypot(t.data[2 * k], t.data[2 * k + 1]))
    : Float64Array.from(t.data.subarray(0, n) as ArrayLike<number>);
  const row = src.trialRows()[0];
  const time = Float64Array.from({ length: nTime }, (_, k) => (k + row[2]) / data.samplerate);
  const f0 = data.freq;
  const pick = (idx: number[] | null, all: number) => idx ?? Array.from({ length: all }, (_, k) => k);
  const indexF = pick(s.dims.freq, f0.length);
  const indexI = pick(s.dims.channel_i, data.channel_i.length);
  const indexJ = pick(s.dims.channel_j, data.channel_j.length);
  const li = data.channel_i, lj = data.channel_j;
  return {
    trial: s.trials[0], nTime, nFreq, nI, nJ, values, time,
    freq: Float64Array.from(indexF, (k) => f0[k]),
    namesI: indexI.map((k) => li[k]), namesJ: indexJ.map((k) => lj[k]),
    indexI, indexJ, measure,
  };
}
