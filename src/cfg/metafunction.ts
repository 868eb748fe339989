/**
 * A metafunction: an async frontend with Syncopy's name, keyword defaults and call forms.
 * `spy.get_defaults(spy.freqanalysis)` reads the defaults attached here.
 */
import { SPYTypeError } from "../core/errors";
import { unwrapCfg } from "./unwrap";
import { serialize } from "../core/structdict";

/**
 * Keywords Syncopy's decorators add to every metafunction's signature, in the order
 * `inspect.signature` lists them (`detect_parallel_client` appends `parallel`, then
 * `unwrap_select` appends `select`): `get_defaults` lists them.
 */
export const SIGNATURE_DEFAULTS: Record<string, unknown> = {
  parallel: null,
  select: null,
};

/**
 * Keywords every metafunction accepts but that are not in its signature (Syncopy's hidden
 * `chan_per_worker` in `**kwargs`; spyts's `mem_thresh`): `get_defaults` does not list them, so a
 * cfg built from it can be combined with them given as keywords. The cfg entry of a result holds
 * them only when they were given (Syncopy's get_frontend_cfg keeps the passed kwargs only).
 */
export const HIDDEN_DEFAULTS: Record<string, unknown> = {
  chan_per_worker: null,
  mem_thresh: 0.5,
};

/** Keywords every metafunction accepts. */
export const COMMON_DEFAULTS: Record<string, unknown> = { ...SIGNATURE_DEFAULTS, ...HIDDEN_DEFAULTS };

export interface MetaFunction<D, R> {
  (...args: unknown[]): Promise<R>;
  readonly metaName: string;
  /** Every keyword the function accepts, with its default (signature and hidden keywords). */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** The keywords of Syncopy's signature with their defaults: what `get_defaults` returns. */
  readonly signatureDefaults: Readonly<Record<string, unknown>>;
}

/**
 * A metafunction whose result has the class of its input (selectdata, ...): typed so that
 * `await spy.selectdata(analog, {...})` is an AnalogData for the compiler, in every call form.
 */
export interface SameClassMetaFunction<Kw, Base> extends MetaFunction<Base, Base> {
  <T extends Base>(data: T, kw?: Kw): Promise<T>;
  <T extends Base>(cfg: Record<string, unknown>, data: T, kw?: Kw): Promise<T>;
  <T extends Base>(data: T, cfg: Record<string, unknown>, kw?: Kw): Promise<T>;
}

export interface CallContext {
  /** Explicitly given keywords. */
  given: Set<string>;
  /** The cfg entry this call adds to the result: every signature keyword and the hidden ones given, serialised. */
  cfgEntry: Record<string, unknown>;
}

export function metafunction<D, R>(
  name: string,
  defaults: Record<string, unknown>,
  isData: (x: unknown) => x is D,
  impl: (data: D, kwargs: Record<string, unknown>, ctx: CallContext) => Promise<R>,
): MetaFunction<D, R> {
  const signature = { ...defaults, ...SIGNATURE_DEFAULTS };
  const all = { ...signature, ...HIDDEN_DEFAULTS };
  const fn = async (...args: unknown[]): Promise<R> => {
    const { data, kwargs, given } = unwrapCfg(name, args, all, isData);
    const recorded: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(kwargs)) {
      if (k in signature || given.has(k)) recorded[k] = v;
    }
    const cfgEntry = serialize(recorded) as Record<string, unknown>;
    return impl(data, kwargs, { given, cfgEntry });
  };
  Object.defineProperty(fn, "name", { value: name });
  Object.defineProperty(fn, "metaName", { value: name });
  Object.defineProperty(fn, "defaults", { value: Object.freeze({ ...all }) });
  Object.defineProperty(fn, "signatureDefaults", { value: Object.freeze({ ...signature }) });
  return fn as unknown as MetaFunction<D, R>;
}

/**
 * Syncopy's get_defaults: a fresh, editable dict of a metafunction's signature defaults (its own
 * keywords, then `parallel` and `select`; not the hidden `chan_per_worker` and `mem_thresh`).
 */
export function get_defaults(fn: unknown): Record<string, unknown> {
  const f = fn as { signatureDefaults?: Record<string, unknown>; defaults?: Record<string, unknown> } | null;
  const defaults = f?.signatureDefaults ?? f?.defaults;
  if (typeof fn !== "function" || !defaults) {
    throw new SPYTypeError("obj", fn, "a spyts metafunction such as spy.freqanalysis");
  }
  return serialize(defaults) as Record<string, unknown>;
}
