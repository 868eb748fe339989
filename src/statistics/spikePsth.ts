/**
 * spy.spike_psth: the peristimulus time histogram of a SpikeData as a TimeLockData, one channel per
 * channel-unit pair with spikes (Syncopy's statistics/spike_psth.py, psth.py, compRoutines.PSTH).
 *
 * Streamed over trials in two passes, each reading one trial's rows of the columns it needs: the
 * first finds the channel-unit pairs (channel and unit columns; Syncopy's get_chan_unit_combs loop),
 * the second bins the spikes (sample, channel, unit) into [bins, pairs] counts, masks the bins the
 * trial does not cover, scales them (rate, proportion), adds them to running moments and, with
 * keeptrials, appends them to the output's trial file. Memory holds one trial's columns, one
 * histogram and the running sums.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean, describeChoices } from "../core/keywords";
import { warn } from "../core/warnings";
import { metafunction, TypedMetaFunction, Choice } from "../cfg/metafunction";
import { parseComputeOptions } from "../compute/frontend";
import { BaseData } from "../data/base";
import { SpikeData } from "../data/spike";
import { TimeLockData } from "../data/timelock";
import { TrialStoreWriter } from "../data/trialstore";
import { propagateProperties } from "../data/propagate";
import type { SelectionKeywords } from "../data/selectionKeywords";
import { DiscreteSelection, roundHalfEven } from "../data/discrete";
import { TrialMoments } from "./trialMoments";
import { analysisWindow } from "./timelockWindow";
import { statisticsLog } from "./statLog";
import { PairIndex, checkSpikeData, markTrialPairs, readTrialSpikes, resolveSpikeSelection } from "./spikeTrains";
import { binOf, coveredBins, psthEdges } from "./psthBins";

export const PSTH_OUTPUTS = ["rate", "spikecount", "proportion"] as const;
export type PsthOutput = (typeof PSTH_OUTPUTS)[number];
export const PSTH_BINSIZES = ["rice", "sqrt"] as const;

/** Syncopy's signature and defaults. */
export const PSTH_DEFAULTS: Record<string, unknown> = {
  binsize: "rice",
  output: "rate",
  latency: "maxperiod",
  vartriallen: true,
  keeptrials: true,
};

/** Keywords of `spy.spike_psth(data, kw)` (Syncopy's). */
export interface SpikePsthKeywords {
  /** Bin width in s (> 0, at most the window's length), or a rule over the mean trial length n in samples: `"rice"` (default, ⌊2·n^(1/3)⌋ edges) or `"sqrt"` (⌈√n⌉ edges). */
  binsize?: Choice<"rice" | "sqrt"> | number;
  /** `"rate"` (default, spikes/s = count / bin width), `"spikecount"`, or `"proportion"` (each trial's histogram divided by its sum over the covered bins). */
  output?: Choice<"rate" | "spikecount" | "proportion">;
  /** The window: `"maxperiod"` (default), `"minperiod"`, `"prestim"`, `"poststim"` or [t0, t1] in s. May be given as `select.latency` instead. */
  latency?: Choice<"maxperiod" | "minperiod" | "prestim" | "poststim"> | readonly number[];
  /** `true` (default): every trial takes part, bins it does not cover are NaN and left out of avg/var (per-bin dof). `false`: only trials covering the whole window. */
  vartriallen?: boolean;
  /** `true` (default): the trials' histograms are the TimeLockData's trials; `false`: the average is the one trial. */
  keeptrials?: boolean;
  /** Trials, channels, units (`spy.selectdata`'s keywords) and latency. */
  select?: SelectionKeywords | null;
  [key: string]: unknown;
}

function isData(x: unknown): x is BaseData {
  return x instanceof BaseData;
}

/** The bin edges (s) of a spike_psth result, kept in its metadata (the time axis holds rounded bin centres). */
export function psthBinEdges(psth: TimeLockData): Float64Array | null {
  const m = (psth.metadata as { spike_psth?: { bins?: number[] } }).spike_psth;
  return m?.bins ? Float64Array.from(m.bins) : null;
}

/**
 * `spy.spike_psth(data, { binsize, output, latency, vartriallen, keeptrials, select })`: the
 * peristimulus time histogram of a SpikeData, resolving to a TimeLockData with one channel per
 * channel-unit pair that has spikes in the selected trials, labelled `channel{c}_unit{u}` with the
 * raw channel and unit values (Syncopy's labels), and the datasets `avg`, `var` (ddof 0, Syncopy's)
 * and `dof` (trials per bin).
 *
 * - Bins: `binsize` in s gives np.arange(t0, t1 + binsize, binsize) edges over the window; the
 *   rules give np.linspace(t0, t1, nEdges) (see psthBins.ts). The exact edges are in
 *   `metadata.spike_psth.bins` (`spy.psthBinEdges(result)`); the time axis is Syncopy's: samplerate
 *   1 / (mean spacing of the bin centres), offset round(first centre · samplerate).
 * - A trial covers bin i when the bin's left edge lies within [first sample, one past the last
 *   sample] of the trial (Syncopy's mask); other bins are NaN in that trial.
 * - `output`: `"spikecount"`, `"rate"` (counts · 1/width), `"proportion"` (counts / their sum over the
 *   covered bins, 0 when the trial has no spike of that pair).
 * - `avg` and `var` over trials leave a trial's NaN bins out: per bin the trials that cover it
 *   (`dof`), as FieldTrip's ft_spike_psth. Syncopy's docstring promises this, its code sums plainly
 *   so one uncovered trial makes the bin NaN.
 * - `keeptrials: false`: the average is the one trial (Syncopy drops the data).
 *
 * Differences from Syncopy: the per-bin dof above; float64 results (Syncopy float32); `proportion`
 * of a trial whose pair has spikes only outside the bins is 0 (Syncopy: NaN through
 * histogram2d's density); `select.latency` is the latency (Syncopy crops trials first).
 */
export const spike_psth = metafunction<BaseData, TimeLockData>("spike_psth", PSTH_DEFAULTS, isData, async (input, kw, ctx) => {
  const data = checkSpikeData(input, "spike_psth");
  const vartriallen = checkBoolean(kw.vartriallen, "vartriallen");
  const keeptrials = checkBoolean(kw.keeptrials, "keeptrials");
  if (typeof kw.output !== "string" || !(PSTH_OUTPUTS as readonly string[]).includes(kw.output)) {
    // Syncopy: a SPYValueError for a wrong type too ("expected one of ...")
    throw new SPYValueError("output", kw.output, describeChoices(PSTH_OUTPUTS));
  }
  const output = kw.output as PsthOutput;
  const binsize = kw.binsize;
  if (typeof binsize === "string") {
    if (!(PSTH_BINSIZES as readonly string[]).includes(binsize)) throw new SPYValueError("binsize", binsize, `one of "rice", "sqrt" or a bin width in s`);
  } else if (typeof binsize !== "number") throw new SPYTypeError("binsize", binsize, `a bin width in s or ${describeChoices(PSTH_BINSIZES)}`);
  parseComputeOptions(kw);

  const { select, latency } = splitLatency(kw, ctx.given);
  const sel = resolveSpikeSelection(data, select);
  const trl = data.trialdefinition;
  const fs = data.samplerate;
  let rows = sel.trials.map((k) => trl[k]);
  const window = analysisWindow(latency, rows, fs);
  let trials = sel.trials;
  if (!vartriallen) {
    // Syncopy's create_trial_selection: trials whose [first, last] time interval covers the window
    const fits = rows.map((r) => r[2] / fs <= window[0] && (r[1] - r[0] - 1 + r[2]) / fs >= window[1]);
    trials = sel.trials.filter((_, i) => fits[i]);
    if (trials.length === 0) {
      throw new SPYValueError("latency/vartriallen", "no trial that completely covers the latency window", "at least one trial covering the latency window",
        `window [${window}] s; vartriallen: true also uses trials covering it in part`);
    }
    const dropped = sel.trials.length - trials.length;
    if (dropped) warn(`spike_psth: discarded ${dropped} trials which did not fit into latency window [${fmt(window[0])}, ${fmt(window[1])}] s`);
    rows = trials.map((k) => trl[k]);
  }
  if (typeof binsize === "number" && !(binsize > 0 && binsize <= window[1] - window[0])) {
    throw new SPYValueError("binsize", binsize, `value to be greater than 0 and less or equals ${window[1] - window[0]} (the window's length in s)`);
  }
  const meanSamples = rows.reduce((a, r) => a + (r[1] - r[0]), 0) / rows.length;
  const edges = psthEdges(binsize as "rice" | "sqrt" | number, window, meanSamples);
  const nBins = edges.length - 1;
  const used: DiscreteSelection = {
    ...sel,
    trials,
    stackRanges: trials.map(() => null),
  };

  // pass 1: the channel-unit pairs with spikes (in the selected trials, Syncopy's combs)
  const index = new PairIndex(data, "pair");
  for (let i = 0; i < trials.length; i++) markTrialPairs(index, data, used, i);
  const keys = index.seenKeys();
  if (keys.length === 0) throw new SPYValueError("data", "no spikes in the selected trials", "a selection holding at least one spike");
  const P = keys.length;
  const column = new Int32Array(index.seen.length).fill(-1);
  keys.forEach((key, j) => { column[key] = j; });
  const labels = keys.map((key) => index.label(key, data));

  // pass 2: histograms, streamed into the moments and (keeptrials) the trial file
  const moments = new TrialMoments(nBins * P, { ddof: 0, nan: "omit" });
  const writer = new TrialStoreWriter(".timelock", "float64", [P], { trialLength: nBins });
  const hist = new Float64Array(nBins * P);
  const scale = 1 / (edges[1] - edges[0]);
  try {
    for (let i = 0; i < trials.length; i++) {
      const t = readTrialSpikes(data, used, i, trl);
      hist.fill(0);
      for (let j = 0; j < t.time.length; j++) {
        const b = binOf(edges, t.time[j]);
        if (b < 0) continue;
        hist[b * P + column[index.key(t.channel[j], t.unit[j])]] += 1;
      }
      const [a, e] = coveredBins(edges, trl[trials[i]], fs);
      for (let b = 0; b < nBins; b++) if (b < a || b >= e) hist.fill(NaN, b * P, (b + 1) * P);
      if (output === "rate") {
        for (let x = 0; x < hist.length; x++) hist[x] *= scale;
      } else if (output === "proportion") {
        for (let p = 0; p < P; p++) {
          let sum = 0;
          for (let b = a; b < e; b++) sum += hist[b * P + p];
          const norm = sum === 0 ? 1 : sum;
          for (let b = a; b < e; b++) hist[b * P + p] /= norm;
        }
      }
      moments.add(hist);
      if (keeptrials) writer.append({ data: hist.slice(), shape: [nBins, P], dtype: "float64" });
    }
    const avg = moments.mean();
    if (!keeptrials) writer.append({ data: avg, shape: [nBins, P], dtype: "float64" });
    const store = writer.finish();
    // Syncopy's process_metadata: samplerate from the bin centres, offsets rounded to it
    const centres = Float64Array.from({ length: nBins }, (_, b) => (edges[b] + edges[b + 1]) / 2);
    const srate = nBins > 1 ? (nBins - 1) / (centres[nBins - 1] - centres[0]) : 1 / (edges[1] - edges[0]);
    const offset = roundHalfEven(centres[0] * srate);
    const outRows = keeptrials
      ? trials.map((k, i) => [i * nBins, (i + 1) * nBins, offset, ...trl[k].slice(3)])
      : [[0, nBins, offset]];
    const settings = { bins: `${nBins} bins [${fmt(edges[0])}, ${fmt(edges[nBins])}] s`, binsize, latency, output, vartriallen, numDiscard: sel.trials.length - trials.length };
    const out = propagateProperties<SpikeData, TimeLockData>(data, store, {
      name: "spike_psth", outClass: TimeLockData, selection: null, trialdefinition: outRows, samplerate: srate,
      axes: { channel: labels }, cfgEntry: ctx.cfgEntry,
      log: statisticsLog("spike_psth", "peristimulus time histogram", settings),
      metadata: { spike_psth: { bins: Array.from(edges), output, trials: [...trials] } },
    });
    out.setEstimators({ var_ddof: 0, cov_ddof: null });
    out.setDataset("avg", { data: avg, shape: [nBins, P], dtype: "float64" });
    out.setDataset("var", { data: moments.variance(), shape: [nBins, P], dtype: "float64" });
    out.setDataset("dof", { data: moments.count(), shape: [nBins, P], dtype: "float64" });
    return out;
  } catch (e) {
    writer.abort();
    throw e;
  }
}) as TypedMetaFunction<SpikeData, TimeLockData, SpikePsthKeywords>;

/** The selection without latency, and the latency (the keyword, or select.latency: not both). */
function splitLatency(kw: Record<string, unknown>, given: Set<string>): { select: unknown; latency: unknown } {
  const select = kw.select;
  let latency = kw.latency;
  if (select && typeof select === "object" && !Array.isArray(select)) {
    const s = { ...(select as Record<string, unknown>) };
    if (s.latency !== undefined && s.latency !== null && s.latency !== "all") {
      if (given.has("latency")) throw new SPYValueError("latency", kw.latency, "the latency either as the keyword or in select, not both");
      latency = s.latency;
    }
    delete s.latency;
    return { select: s, latency };
  }
  return { select, latency };
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(6)));
}
