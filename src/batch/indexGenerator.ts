/**
 * IndexGenerator (YASS batch/generator.py, reference §5.2): which observations and channels each
 * batch covers so that one batch's data stay within `max_memory`.
 *
 * multi_channel: observations per batch = floor(max_memory / (channels x bytes per value)); the
 * last batch holds the remainder. single_channel with force_complete_channel_batch: one batch per
 * channel holding all its observations (an error if that does not fit); without it, each channel
 * is split like multi_channel with one channel. Differences from YASS (reference §7 #14): a
 * max_memory below one observation is an error rather than a division by zero, and from/to and
 * channels are checked against the recording.
 */
import { SPYMemoryError, SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean, checkInteger, checkNumber, checkOptions } from "../core/keywords";
import { formatBytes } from "../plot/summary";

/** One batch: observations [start, stop) of the given channels. */
export interface BatchIndex { start: number; stop: number; channels: number[] }

export type ChannelsArg = "all" | number | number[];

export interface TimeRange { from_time?: number | null; to_time?: number | null }
const RANGE_KEYS = ["from_time", "to_time"];

export function resolveTimeRange(r: TimeRange, nObs: number): [number, number] {
  const from = r.from_time ?? 0, to = r.to_time ?? nObs;
  for (const [name, v] of [["from_time", from], ["to_time", to]] as const) {
    if (typeof v !== "number") throw new SPYTypeError(name, v, "an integer observation index, or null");
    if (!Number.isInteger(v) || v < 0 || v > nObs) {
      throw new SPYValueError(name, v, `an integer observation index in [0, ${nObs}] (the recording has ${nObs} observations)`);
    }
  }
  if (from >= to) throw new SPYValueError("from_time", from, `an observation before to_time = ${to}`, "from_time must be smaller than to_time");
  return [from, to];
}

export function resolveChannels(channels: unknown, nCh: number): number[] {
  const check = (c: unknown): number => {
    if (typeof c !== "number") throw new SPYTypeError("channels", channels, `"all", a channel index or a list of channel indices (integers)`);
    if (!Number.isInteger(c) || c < 0 || c >= nCh) {
      throw new SPYValueError("channels", channels, `"all", or channel indices (integers) in [0, ${nCh - 1}] (the recording has ${nCh} channels)`);
    }
    return c;
  };
  if (channels === undefined || channels === null || channels === "all") return Array.from({ length: nCh }, (_, i) => i);
  if (typeof channels === "number") return [check(channels)];
  if (Array.isArray(channels) && channels.length > 0) {
    const list = channels.map(check);
    if (new Set(list).size !== list.length) throw new SPYValueError("channels", channels, "channel indices without repeats");
    return list;
  }
  const allowed = `"all", a channel index or a non-empty list of channel indices in [0, ${nCh - 1}]`;
  if (typeof channels === "string" || Array.isArray(channels)) throw new SPYValueError("channels", channels, allowed);
  throw new SPYTypeError("channels", channels, allowed);
}

/**
 * Which observations and channels each batch covers so that a batch's data (bytesPerValue per
 * value) stay within `max_memory` bytes (YASS's IndexGenerator); yields BatchIndex objects.
 */
export class IndexGenerator {
  constructor(
    readonly n_observations: number,
    readonly n_channels: number,
    /** Bytes per value that count against max_memory (the file's itemsize when only reading). */
    readonly bytesPerValue: number,
    readonly max_memory: number,
  ) {
    checkInteger(n_observations, "n_observations", { min: 0 });
    checkInteger(n_channels, "n_channels", { min: 1 });
    checkNumber(bytesPerValue, "bytesPerValue", { gt: 0 });
    checkNumber(max_memory, "max_memory", { gt: 0 });
  }

  /** Observations per batch for `nSel` channels, with `buffer` extra observations on each side. */
  observationsPerBatch(nSel: number, buffer = 0): number {
    const perObs = nSel * this.bytesPerValue;
    const n = Math.floor(this.max_memory / perObs) - 2 * buffer;
    if (n < 1) {
      throw new SPYMemoryError(
        `max_memory = ${this.max_memory} bytes (${formatBytes(this.max_memory)}) does not hold one observation of ${nSel} channel(s)` +
        `${buffer > 0 ? ` plus ${buffer} buffer observations on each side` : ""}: one observation takes ${perObs} bytes, ` +
        `so max_memory must be at least ${perObs * (1 + 2 * buffer)} bytes`);
    }
    return n;
  }

  /**
   * Batches of all selected channels over [from_time, to_time) (observation indices, default the
   * whole file), as many observations each as fit; the last holds the rest. SPYMemoryError when
   * max_memory cannot hold one observation (plus `buffer` on each side).
   */
  *multi_channel(range: TimeRange = {}, channels: ChannelsArg = "all", buffer = 0): Generator<BatchIndex> {
    const [from, to] = resolveTimeRange(checkOptions(range, "IndexGenerator.multi_channel", RANGE_KEYS, "range"), this.n_observations);
    const ch = resolveChannels(channels, this.n_channels);
    const step = this.observationsPerBatch(ch.length, buffer);
    for (let s = from; s < to; s += step) yield { start: s, stop: Math.min(to, s + step), channels: ch };
  }

  /**
   * One channel at a time: one batch per channel holding its whole range (force_complete_channel_batch,
   * default; SPYMemoryError when it does not fit), or each channel split as multi_channel.
   */
  *single_channel(range: TimeRange = {}, channels: ChannelsArg = "all", force_complete_channel_batch = true, buffer = 0): Generator<BatchIndex> {
    const [from, to] = resolveTimeRange(checkOptions(range, "IndexGenerator.single_channel", RANGE_KEYS, "range"), this.n_observations);
    checkBoolean(force_complete_channel_batch, "force_complete_channel_batch");
    const ch = resolveChannels(channels, this.n_channels);
    if (force_complete_channel_batch) {
      const need = (to - from + 2 * buffer) * this.bytesPerValue;
      if (need > this.max_memory) {
        throw new SPYMemoryError(
          `one complete channel (${to - from} observations${buffer ? ` + 2 x ${buffer} buffer` : ""}, ${formatBytes(need)}) does not fit in ` +
          `max_memory = ${formatBytes(this.max_memory)}; raise max_memory or use force_complete_channel_batch: false`);
      }
      for (const c of ch) yield { start: from, stop: to, channels: [c] };
      return;
    }
    for (const c of ch) yield* this.multi_channel({ from_time: from, to_time: to }, [c], buffer);
  }

  /** How many batches multi_channel or single_channel would yield with the same arguments. */
  n_batches(kind: "multi_channel" | "single_channel", range: TimeRange = {}, channels: ChannelsArg = "all", force_complete_channel_batch = true, buffer = 0): number {
    const [from, to] = resolveTimeRange(checkOptions(range, "IndexGenerator.n_batches", RANGE_KEYS, "range"), this.n_observations);
    const ch = resolveChannels(channels, this.n_channels);
    if (kind === "multi_channel") return Math.ceil((to - from) / this.observationsPerBatch(ch.length, buffer));
    if (force_complete_channel_batch) return ch.length;
    return ch.length * Math.ceil((to - from) / this.observationsPerBatch(1, buffer));
  }
}
