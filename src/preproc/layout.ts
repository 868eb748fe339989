/**
 * How multi-channel data is laid out in a flat typed array. Syncopy trials are [time, channel]
 * in C order ("strided": channel c of sample i at i*nChannels + c); raw recordings are often
 * stored channel by channel ("channel-major": at c*nSamples + i). Every kernel in preproc/
 * accepts both, and copies one channel at a time into contiguous float64 scratch.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger, checkOneOf, checkOptions } from "../core/keywords";

/** Order of a flat multi-channel array: "strided" ([sample, channel], Syncopy's trials) or "channel-major" (channel by channel). */
export type Layout = "strided" | "channel-major";

/** The options that tell a preproc kernel how a flat array holds its channels. */
export interface MultiChannel {
  /** Number of channels (default 1). */
  nChannels?: number;
  /** "strided" (default: [nSamples, nChannels], Syncopy's trial layout) or "channel-major". */
  layout?: Layout;
}

export type RealArray = Float64Array | Float32Array | ArrayLike<number>;

export interface Shape { n: number; C: number; layout: Layout }

/** An array of numbers or a numeric typed array (not a string, not a BigInt64Array). */
export function isNumberArray(x: unknown): x is ArrayLike<number> {
  if (Array.isArray(x)) return x.every((v) => typeof v === "number");
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array);
}

/**
 * The shape of `x` from the kernel's options `opts`, which `where` (the public kernel's name) checks
 * for unknown keys: nChannels, layout and the kernel's own `extraKeys`.
 */
export function resolveShape(x: { length: number }, options: MultiChannel = {}, where: string, extraKeys: readonly string[] = [], param = "x"): Shape {
  const opts = checkOptions(options, where, ["nChannels", "layout", ...extraKeys]) as MultiChannel;
  if (!isNumberArray(x)) throw new SPYTypeError(param, x, "an array of samples: number[], Float64Array, Float32Array or another numeric typed array");
  const C = checkInteger(opts.nChannels ?? 1, "nChannels", { min: 1 });
  const layout = checkOneOf(opts.layout ?? "strided", "layout", ["strided", "channel-major"] as const);
  if (x.length % C !== 0) throw new SPYValueError(param, `${x.length} values`, `a multiple of nChannels = ${C}`);
  return { n: x.length / C, C, layout };
}

/** Offset and stride of channel c. */
export function channelView(s: Shape, c: number): { offset: number; stride: number } {
  return s.layout === "strided" ? { offset: c, stride: s.C } : { offset: c * s.n, stride: 1 };
}

/** Copy channel c into dst[at ... at+n) as float64. */
export function readChannel(src: ArrayLike<number>, s: Shape, c: number, dst: Float64Array, at = 0): void {
  const { offset, stride } = channelView(s, c);
  const n = s.n;
  for (let i = 0, j = offset; i < n; i++, j += stride) dst[at + i] = src[j];
}

/** Write src[from ... from+n) into channel c of dst. */
export function writeChannel(src: Float64Array, from: number, dst: { [i: number]: number }, s: Shape, c: number): void {
  const { offset, stride } = channelView(s, c);
  const n = s.n;
  for (let i = 0, j = offset; i < n; i++, j += stride) dst[j] = src[from + i];
}
