/**
 * Reading a SpikeData's spike trains for the spike statistics (spike_psth, ISI statistics, the
 * spike-triggered average, rasters): per selected trial the kept spikes' times, channels and units
 * (only that trial's rows of the three columns are read), and a dense index of channel-unit pairs.
 *
 * Filtering runs on typed arrays (a count pass, then a fill): at 10^7 spikes a per-row closure or
 * an array push costs seconds.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { maxOf } from "../core/extrema";
import { SpikeData } from "../data/spike";
import { DiscreteSelection } from "../data/discrete";
import { SelectionSpec } from "../data/selection";

/** How spikes are grouped into trains: by channel-unit pair (Syncopy's PSTH) or by unit value alone. */
export type TrainGrouping = "pair" | "unit";

/** The kept spikes of one selected trial: times in s (trigger-relative), channel and unit values. */
export interface TrialSpikes {
  time: Float64Array;
  channel: Float64Array;
  unit: Float64Array;
}

/** Check that `data` is a SpikeData with rows and a samplerate. */
export function checkSpikeData(data: unknown, where: string): SpikeData {
  if (!(data instanceof SpikeData)) {
    throw new SPYTypeError("data", (data as { className?: string })?.className ?? data, `a SpikeData object (${where})`);
  }
  if (data.tableFile === null) throw new SPYValueError("data", null, "a SpikeData with data (this one is empty)");
  if (!Number.isFinite(data.samplerate)) throw new SPYValueError("samplerate", null, `a SpikeData with a samplerate (${where} works in seconds)`);
  return data;
}

/** Resolve a `select` (trials, channel, unit, latency) of a SpikeData; null/"all": everything. */
export function resolveSpikeSelection(data: SpikeData, select: unknown): DiscreteSelection {
  if (select !== null && select !== undefined && select !== "all" && (typeof select !== "object" || Array.isArray(select))) {
    throw new SPYTypeError("select", select, "a selection dict {trials, channel, unit, latency}, \"all\" or null");
  }
  return data.resolve((select ?? null) as SelectionSpec | null);
}

/**
 * The kept spikes of the i-th selected trial: channel/unit selections and a latency range
 * (sel.stackRanges, in samples from the trial start) applied. Times (sample − start + offset)/fs.
 * `trl`: the data's trialdefinition (pass it once per pass: the getter copies every row).
 */
export function readTrialSpikes(data: SpikeData, sel: DiscreteSelection, i: number, trl: readonly (readonly number[])[] = data.trialdefinition): TrialSpikes {
  const k = sel.trials[i];
  const s = data.column("sample", k);
  const c = data.column("channel", k);
  const u = data.column("unit", k);
  const row = trl[k];
  const start = row[0], offset = row[2], fs = data.samplerate;
  const chans = sel.values?.channel ?? null;
  const units = sel.values?.unit ?? null;
  const range = sel.stackRanges[i];
  const n = s.length;
  let keep: Uint8Array | null = null;
  let m = n;
  if (chans || units || range) {
    keep = new Uint8Array(n);
    m = 0;
    const lo = range ? start + range[0] : -Infinity, hi = range ? start + range[1] : Infinity;
    for (let j = 0; j < n; j++) {
      if (s[j] < lo || s[j] >= hi) continue;
      if (chans && !chans.has(c[j])) continue;
      if (units && !units.has(u[j])) continue;
      keep[j] = 1;
      m++;
    }
  }
  const time = new Float64Array(m);
  if (!keep) {
    for (let j = 0; j < n; j++) time[j] = (s[j] - start + offset) / fs;
    return { time, channel: c, unit: u };
  }
  const channel = new Float64Array(m), unit = new Float64Array(m);
  for (let j = 0, o = 0; j < n; j++) {
    if (!keep[j]) continue;
    time[o] = (s[j] - start + offset) / fs;
    channel[o] = c[j];
    unit[o] = u[j];
    o++;
  }
  return { time, channel, unit };
}

/**
 * Mark the channel-unit pairs of the i-th selected trial's kept spikes in `index`, reading only the
 * channel and unit columns (and the samples only for a latency range): the first pass of spike_psth.
 */
export function markTrialPairs(index: PairIndex, data: SpikeData, sel: DiscreteSelection, i: number): void {
  if (sel.stackRanges[i]) { index.mark(readTrialSpikes(data, sel, i)); return; }
  const k = sel.trials[i];
  const c = data.column("channel", k), u = data.column("unit", k);
  const chans = sel.values?.channel ?? null, units = sel.values?.unit ?? null;
  const seen = index.seen;
  for (let j = 0; j < c.length; j++) {
    if (chans && !chans.has(c[j])) continue;
    if (units && !units.has(u[j])) continue;
    seen[index.key(c[j], u[j])] = 1;
  }
}

/** Value -> dense position of a small set of non-negative integers (a table when they are small, else a Map). */
class ValueIndex {
  private readonly table: Int32Array | null;
  private readonly map: Map<number, number> | null;
  constructor(values: number[]) {
    const max = values.length ? maxOf(values) : 0;
    if (max <= 1 << 20) {
      this.table = new Int32Array(max + 1).fill(-1);
      values.forEach((v, i) => { this.table![v] = i; });
      this.map = null;
    } else {
      this.table = null;
      this.map = new Map(values.map((v, i) => [v, i]));
    }
  }
  get(v: number): number {
    if (this.table) return v < this.table.length ? this.table[v] : -1;
    return this.map!.get(v) ?? -1;
  }
}

/**
 * Dense keys of channel-unit pairs (or units): key = channelPos * nUnits + unitPos over the data's
 * distinct values; `seen` marks the keys that have spikes.
 */
export class PairIndex {
  readonly channels: number[];
  readonly units: number[];
  private readonly cIndex: ValueIndex;
  private readonly uIndex: ValueIndex;
  readonly seen: Uint8Array;

  constructor(data: SpikeData, readonly grouping: TrainGrouping = "pair") {
    this.channels = grouping === "pair" ? data.channel_idx : [0];
    this.units = data.unit_idx;
    this.cIndex = new ValueIndex(this.channels);
    this.uIndex = new ValueIndex(this.units);
    this.seen = new Uint8Array(this.channels.length * this.units.length);
  }

  /** The key of a spike (channel and unit values). */
  key(channel: number, unit: number): number {
    const cp = this.grouping === "pair" ? this.cIndex.get(channel) : 0;
    return cp * this.units.length + this.uIndex.get(unit);
  }

  /** Mark the keys of a trial's spikes as seen. */
  mark(t: TrialSpikes): void {
    const seen = this.seen;
    for (let j = 0; j < t.unit.length; j++) seen[this.key(t.channel[j], t.unit[j])] = 1;
  }

  /** The seen keys, ascending (by channel, then unit: np.unique over [channel, unit] rows). */
  seenKeys(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.seen.length; k++) if (this.seen[k]) out.push(k);
    return out;
  }

  /** [channel value, unit value] of a key. */
  values(key: number): [number, number] {
    const nU = this.units.length;
    return [this.channels[Math.floor(key / nU)], this.units[key % nU]];
  }

  /** Syncopy's PSTH label `channel{c}_unit{u}` (raw values), or the unit's label when grouping by unit. */
  label(key: number, data: SpikeData): string {
    const [c, u] = this.values(key);
    return this.grouping === "pair" ? `channel${c}_unit${u}` : data.unitLabel(u) ?? `unit${u}`;
  }
}

/** Key -> position in `keys` (-1 for others), for trainsByKey. */
export function keyPositions(index: PairIndex, keys: number[]): Int32Array {
  const pos = new Int32Array(index.seen.length).fill(-1);
  keys.forEach((key, i) => { pos[key] = i; });
  return pos;
}

/**
 * Split a trial's spikes into trains (ascending times), one per entry of `keys` (keys without
 * spikes in this trial get empty trains; spikes of other keys are left out). `pos`: keyPositions.
 */
export function trainsByKey(t: TrialSpikes, index: PairIndex, keys: number[], pos: Int32Array = keyPositions(index, keys)): Float64Array[] {
  const counts = new Int32Array(keys.length);
  const where = new Int32Array(t.time.length);
  for (let j = 0; j < t.time.length; j++) {
    const p = pos[index.key(t.channel[j], t.unit[j])];
    where[j] = p;
    if (p >= 0) counts[p]++;
  }
  const out = Array.from(counts, (n) => new Float64Array(n));
  const fill = new Int32Array(keys.length);
  for (let j = 0; j < t.time.length; j++) {
    const p = where[j];
    if (p >= 0) out[p][fill[p]++] = t.time[j];
  }
  return out;
}
