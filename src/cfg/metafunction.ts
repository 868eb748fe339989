/**
 * A metafunction: an async frontend with Syncopy's name, keyword defaults and call forms.
 * `spy.get_defaults(spy.freqanalysis)` reads the defaults attached here.
 */
import { SPYTypeError } from "../core/errors";
import { unwrapCfg } from "./unwrap";
import { serialize } from "../core/structdict";

/** Keywords every metafunction accepts (Syncopy's decorators add them). */
export const COMMON_DEFAULTS: Record<string, unknown> = {
  select: null,
  parallel: null,
  chan_per_worker: null,
  mem_thresh: 0.5,
};

export interface MetaFunction<D, R> {
  (...args: unknown[]): Promise<R>;
  readonly metaName: string;
  readonly defaults: Readonly<Record<string, unknown>>;
}

export interface CallContext {
  /** Explicitly given keywords. */
  given: Set<string>;
  /** The cfg entry this call adds to the result: every keyword, serialised. */
  cfgEntry: Record<string, unknown>;
}

export function metafunction<D, R>(
  name: string,
  defaults: Record<string, unknown>,
  isData: (x: unknown) => x is D,
  impl: (data: D, kwargs: Record<string, unknown>, ctx: CallContext) => Promise<R>,
): MetaFunction<D, R> {
  const all = { ...defaults, ...COMMON_DEFAULTS };
  const fn = async (...args: unknown[]): Promise<R> => {
    const { data, kwargs, given } = unwrapCfg(name, args, all, isData);
    const cfgEntry = serialize(kwargs) as Record<string, unknown>;
    return impl(data, kwargs, { given, cfgEntry });
  };
  Object.defineProperty(fn, "name", { value: name });
  Object.defineProperty(fn, "metaName", { value: name });
  Object.defineProperty(fn, "defaults", { value: Object.freeze({ ...all }) });
  return fn as unknown as MetaFunction<D, R>;
}

/** Syncopy's get_defaults: a fresh, editable dict of a metafunction's keyword defaults. */
export function get_defaults(fn: unknown): Record<string, unknown> {
  const defaults = (fn as { defaults?: Record<string, unknown> } | null)?.defaults;
  if (typeof fn !== "function" || !defaults) {
    throw new SPYTypeError("obj", fn, "a spyts metafunction such as spy.freqanalysis");
  }
  return serialize(defaults) as Record<string, unknown>;
}
