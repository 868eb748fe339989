/**
 * spy.spike_triggered_average: the spike-triggered average of an AnalogData around the spikes of a
 * SpikeData (spike-field; FieldTrip's ft_spiketriggeredaverage, beyond Syncopy), as a TimeLockData.
 *
 * Trial k of the spikes goes with trial k of the analog data; times are trial-relative (trigger at
 * 0) in both, so their samplerates may differ: a spike at t takes the analog sample nearest to it,
 * round(t · fs) − offset of the analog trial. Streamed: one analog trial and that trial's spikes at
 * a time; the segments are added to running moments per train.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkOptions } from "../core/keywords";
import { ascontiguous, isComplex } from "../core/ndarray";
import { warn } from "../core/warnings";
import { AnalogData } from "../data/analog";
import { SpikeData } from "../data/spike";
import { TimeLockData } from "../data/timelock";
import { TrialStoreWriter } from "../data/trialstore";
import { propagateProperties } from "../data/propagate";
import { SelectionSpec } from "../data/selection";
import { TrialMoments } from "./trialMoments";
import { statisticsLog } from "./statLog";
import { PairIndex, TrainGrouping, checkSpikeData, keyPositions, markTrialPairs, readTrialSpikes, resolveSpikeSelection, trainsByKey } from "./spikeTrains";

/** The options of spike_triggered_average: the window (required), which spikes and analog channels, and the grouping. */
export interface SpikeTriggeredAverageOptions {
  /** Required: the lags [t0, t1] in s around each spike (t0 <= 0 <= t1 typically). */
  window: [number, number];
  /** Spike selection: trials, channel, unit (the same trials of the analog data are read). */
  select?: Record<string, unknown> | null;
  /** Analog channels (names or indices; default all). */
  channel?: SelectionSpec["channel"];
  /** Trains by channel-unit pair (default "pair") or by unit ("unit"). */
  by?: TrainGrouping;
}

const KEYS = ["window", "select", "channel", "by"];

/**
 * `await spy.spike_triggered_average(spikes, analog, { window: [t0, t1], select, channel, by })`:
 * per spike train (channel-unit pair, `channel{c}_unit{u}`, or unit with `by: "unit"`) and analog
 * channel, the mean of the analog segments from t0 to t1 around its spikes over all selected
 * trials. Resolves to a TimeLockData with one trial (the average), samplerate the analog's, time
 * = the lags, channels `<train>|<analog channel>`, and the datasets avg, var (ddof 0) and dof (the
 * spikes averaged). Spikes whose window reaches outside their analog trial are left out (a warning
 * counts them), as FieldTrip's ft_spiketriggeredaverage does.
 */
export async function spike_triggered_average(spikes: SpikeData, analog: AnalogData, options: SpikeTriggeredAverageOptions): Promise<TimeLockData> {
  const data = checkSpikeData(spikes, "spike_triggered_average");
  if (!(analog instanceof AnalogData)) throw new SPYTypeError("analog", (analog as { className?: string })?.className ?? analog, "an AnalogData object");
  if (analog.storage === null) throw new SPYValueError("analog", null, "an AnalogData with data (this one is empty)");
  if (isComplex(analog.dtype)) throw new SPYValueError("analog", analog.dtype, "real analog data");
  const o = checkOptions(options, "spy.spike_triggered_average", KEYS) as unknown as SpikeTriggeredAverageOptions;
  const w = o.window;
  if (!Array.isArray(w) || w.length !== 2 || w.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new SPYTypeError("window", w, "[t0, t1]: the lags in s around each spike");
  }
  if (!(w[0] <= w[1])) throw new SPYValueError("window", w, "[t0, t1] with t0 <= t1");
  if (data.nTrials !== analog.nTrials) {
    throw new SPYValueError("analog", `${analog.nTrials} trials`, `as many trials as the SpikeData (${data.nTrials}): trial k of both is the same time`);
  }
  const fs = analog.samplerate!;
  const tol = 1e-9;
  const j0 = Math.ceil(w[0] * fs - tol * Math.max(1, Math.abs(w[0] * fs))) + 0;
  const j1 = Math.floor(w[1] * fs + tol * Math.max(1, Math.abs(w[1] * fs))) + 0;
  if (j1 < j0) throw new SPYValueError("window", w, `a window holding at least one analog sample (${1 / fs} s apart)`);
  const W = j1 - j0 + 1;

  const by = o.by ?? "pair";
  const sel = resolveSpikeSelection(data, o.select ?? null);
  const asel = analog.resolve({ trials: sel.trials, channel: o.channel });
  const chanNames = asel.dims.channel ? asel.dims.channel.map((c) => analog.channel[c]) : analog.channel;
  const C = chanNames.length;
  const index = new PairIndex(data, by);
  // the trains with spikes first (channel and unit columns only), so per-trial work scales with them
  for (let i = 0; i < sel.trials.length; i++) markTrialPairs(index, data, sel, i);
  const present = index.seenKeys();
  const pos = keyPositions(index, present);
  const moments = new Map<number, TrialMoments>();
  const trl = data.trialdefinition;
  const atrl = analog.trialdefinition;
  let skipped = 0, used = 0;
  for (let i = 0; i < sel.trials.length; i++) {
    const t = readTrialSpikes(data, sel, i, trl);
    if (t.time.length === 0) continue;
    const x = ascontiguous(analog.readSelectedTrial(asel, i));
    const n = x.shape[0];
    const off = atrl[sel.trials[i]][2];
    const trains = trainsByKey(t, index, present, pos);
    trains.forEach((train, j) => {
      const key = present[j];
      if (train.length === 0) return;
      let m = moments.get(key);
      if (!m) { m = new TrialMoments(W * C, { ddof: 0 }); moments.set(key, m); }
      for (let s = 0; s < train.length; s++) {
        const at = Math.round(train[s] * fs) - off;
        if (at + j0 < 0 || at + j1 >= n) { skipped++; continue; }
        m.add(x.data.subarray((at + j0) * C, (at + j1 + 1) * C) as ArrayLike<number>);
        used++;
      }
    });
  }
  if (skipped) warn(`spike_triggered_average: ${skipped} of ${skipped + used} spikes left out: their window [${w}] s reaches outside their analog trial`);
  const keys = [...moments.keys()].filter((k) => moments.get(k)!.nTrials > 0).sort((a, b) => a - b);
  if (keys.length === 0) throw new SPYValueError("window", w, "a window that fits around at least one spike inside its analog trial");
  const P = keys.length;
  const avg = new Float64Array(W * P * C), variance = new Float64Array(W * P * C), dof = new Float64Array(W * P * C);
  keys.forEach((key, p) => {
    const m = moments.get(key)!;
    const mu = m.mean(), v = m.variance(), d = m.count();
    for (let l = 0; l < W; l++) {
      for (let c = 0; c < C; c++) {
        const e = l * P * C + p * C + c;
        avg[e] = mu[l * C + c];
        variance[e] = v[l * C + c];
        dof[e] = d[l * C + c];
      }
    }
  });
  const labels = keys.flatMap((k) => chanNames.map((c) => `${index.label(k, data)}|${c}`));
  const writer = new TrialStoreWriter(".timelock", "float64", [P * C], { trialLength: W });
  try {
    writer.append({ data: avg, shape: [W, P * C], dtype: "float64" });
    const store = writer.finish();
    const out = propagateProperties<AnalogData, TimeLockData>(analog, store, {
      name: "spike_triggered_average", outClass: TimeLockData, selection: null, trialdefinition: [[0, W, j0]], samplerate: fs,
      axes: { channel: labels }, cfgEntry: null,
      log: statisticsLog("spike_triggered_average", "spike-triggered average", { window: w, by, trials: sel.trials.length, spikes: used, skipped }),
      metadata: { spike_triggered_average: { window: [...w], spikes: used, skipped } },
    });
    out.setEstimators({ var_ddof: 0, cov_ddof: null });
    out.setDataset("avg", { data: avg, shape: [W, P * C], dtype: "float64" });
    out.setDataset("var", { data: variance, shape: [W, P * C], dtype: "float64" });
    out.setDataset("dof", { data: dof, shape: [W, P * C], dtype: "float64" });
    return out;
  } catch (e) {
    writer.abort();
    throw e;
  }
}
