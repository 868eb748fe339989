/**
 * `channelcmb`: FieldTrip's pairwise channel combinations in Syncopy's form, `[senders, receivers]`,
 * two lists of channel names or indices. The result is rectangular: rows (channel_i) the senders,
 * columns (channel_j) the receivers.
 *
 * How spyts computes it (for every method, with AnalogData or SpectralData input; Syncopy takes it
 * with SpectralData input only): the single-trial stage runs on the channels the pairs use (the
 * union of senders and receivers, in first-appearance order), the measure on that square, then the
 * sender rows and receiver columns are taken out. Granger instead factorises each pair's 2 x 2 CSD
 * on its own (granger.ts, Syncopy's pairwise mode), so G(s -> r) of a pair does not depend on the
 * other channels.
 *
 * As in Syncopy it cannot be combined with a channel selection.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import type { DType, TypedArray } from "../core/ndarray";
import { isComplex } from "../core/ndarray";

export interface ChannelCombination {
  /** Channel indices (into the input's channels) of the senders and the receivers. */
  senders: number[];
  receivers: number[];
  /** The channels the stage runs on: senders then the receivers not among them. */
  union: number[];
  /** Position in `union` of each sender and each receiver. */
  rows: number[];
  cols: number[];
}

const FORM = "[senders, receivers]: two non-empty lists of channel names, or two of channel indices";

function parseSide(side: unknown, which: string, labels: string[]): number[] {
  const param = `channelcmb[${which}]`;
  if (!Array.isArray(side)) throw new SPYTypeError(param, side, `a list of channel names or indices (${FORM})`);
  if (side.length === 0) throw new SPYValueError(param, side, "at least one channel");
  const byName = typeof side[0] === "string";
  const out = side.map((c: unknown) => {
    if (byName) {
      if (typeof c !== "string") throw new SPYTypeError(param, c, "channel names only (do not mix names and indices)");
      const k = labels.indexOf(c);
      if (k < 0) throw new SPYValueError(param, c, `a channel of the data: ${labels.length <= 20 ? labels.join(", ") : `${labels.slice(0, 20).join(", ")}, … (${labels.length})`}`);
      return k;
    }
    if (typeof c !== "number" || !Number.isInteger(c)) throw new SPYTypeError(param, c, "channel indices (integers) only, or channel names only");
    if (c < 0 || c >= labels.length) throw new SPYValueError(param, c, `a channel index in [0, ${labels.length - 1}]`);
    return c;
  });
  const dup = out.find((c, i) => out.indexOf(c) !== i);
  if (dup !== undefined) throw new SPYValueError(param, labels[dup], "each channel once");
  return out;
}

/** Checks `channelcmb` against the input's channel labels; null when it is not given. */
export function parseChannelcmb(value: unknown, labels: string[], select: unknown): ChannelCombination | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) throw new SPYTypeError("channelcmb", value, FORM);
  if (value.length !== 2) throw new SPYValueError("channelcmb", `a list of length ${value.length}`, FORM);
  const sel = select as { channel?: unknown } | null | undefined;
  if (sel && typeof sel === "object" && sel.channel !== undefined && sel.channel !== null && sel.channel !== "all") {
    throw new SPYValueError("select/channelcmb", "both", "either a channel selection or channelcmb (the pairs name their channels)");
  }
  const senders = parseSide(value[0], "senders", labels);
  const receivers = parseSide(value[1], "receivers", labels);
  if (typeof (value[0] as unknown[])[0] !== typeof (value[1] as unknown[])[0]) {
    throw new SPYTypeError("channelcmb", value, "senders and receivers both as names, or both as indices");
  }
  const union = [...senders];
  for (const r of receivers) if (!union.includes(r)) union.push(r);
  return { senders, receivers, union, rows: senders.map((s) => union.indexOf(s)), cols: receivers.map((r) => union.indexOf(r)) };
}

/**
 * Rows `rows` and columns `cols` of a result [T, U, U] (T frequencies, or time x frequency bins) of
 * dtype `dtype` (complex interleaved): [T, rows, cols].
 */
export function takePairs(data: TypedArray, dtype: DType, T: number, U: number, rows: number[], cols: number[]): TypedArray {
  const w = isComplex(dtype) ? 2 : 1;
  const R = rows.length, Cc = cols.length;
  const out = new (data.constructor as { new (n: number): TypedArray })(T * R * Cc * w);
  let o = 0;
  for (let t = 0; t < T; t++) {
    for (const r of rows) {
      const base = (t * U + r) * U;
      for (const c of cols) {
        for (let q = 0; q < w; q++) out[o++] = data[(base + c) * w + q];
      }
    }
  }
  return out;
}
