/**
 * A metafunction: an async frontend with Syncopy's name, keyword defaults and call forms.
 * `spy.get_defaults(spy.freqanalysis)` reads the defaults attached here.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { unwrapCfg } from "./unwrap";
import { StructDict, serialize } from "../core/structdict";
import { checkNumericLimits, dataFacts } from "../core/numericLimits";
import { checkBoolean } from "../core/keywords";

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

/** What every metafunction carries besides its call signatures: its name and its defaults. */
export interface MetaFunctionInfo {
  /** Syncopy's name of the function ("freqanalysis", ...): the key of its entry in a result's `cfg`. */
  readonly metaName: string;
  /** Every keyword the function accepts, with its default (signature and hidden keywords). */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** The keywords of Syncopy's signature with their defaults: what `get_defaults` returns. */
  readonly signatureDefaults: Readonly<Record<string, unknown>>;
}

/**
 * The untyped core of every metafunction, as `metafunction` builds it: any of Syncopy's call forms,
 * resolving to `R`. `D` is the input class. The public metafunctions are seen through one of the
 * typed views below (TypedMetaFunction, SameClassMetaFunction), whose call signatures replace this
 * catch-all one (they do not extend it: an inherited catch-all would accept every call).
 */
export interface MetaFunction<D, R> extends MetaFunctionInfo {
  (...args: unknown[]): Promise<R>;
}

/**
 * A keyword that takes one of a few strings: the named ones are offered by completion and listed in
 * the docs, while any string type-checks (a cfg kept in a variable, `{ method: "coh" }`, types its
 * value as `string`); the value itself is checked when the call runs. The keyword interfaces
 * check the kind of each value (string, number, boolean, list, dict), not the choice.
 */
export type Choice<T extends string> = T | (string & {});

/**
 * Syncopy's cfg: a dict of keywords (what `get_defaults` returns, edited), or a result's `cfg`
 * (entries by metafunction name, which replays that call). Its keys are checked when the call runs.
 */
export type CfgDict = Record<string, unknown>;

/**
 * A metafunction typed by its input class `In`, its result class `Out` and its keywords `Kw`
 * (type level only: the function is the one `metafunction` builds). The call forms are Syncopy's:
 * `(data, kw)`, `(data, cfg, kw)`, `(cfg, data, kw)` and a cfg holding `data`. A cfg is typed as
 * the keywords: `Kw` interfaces keep an index signature, so a CfgDict (get_defaults' result, a
 * result's `cfg`) fits; a known key of the wrong type is a compile error, an unknown key is rejected
 * when the call runs (naming the nearest allowed one).
 */
export interface TypedMetaFunction<In, Out, Kw> extends MetaFunctionInfo {
  (data: In, kw?: Kw): Promise<Out>;
  (data: In, cfg: Kw, kw?: Kw): Promise<Out>;
  (cfg: Kw, data: In, kw?: Kw): Promise<Out>;
  (cfg: Kw & { data: In }, kw?: Kw): Promise<Out>;
}

/**
 * A metafunction whose result has the class of its input (selectdata, mean, redefinetrial, ...):
 * typed so that `await spy.selectdata(analog, {...})` is an AnalogData for the compiler, in every
 * call form.
 */
export interface SameClassMetaFunction<Kw, Base> extends MetaFunctionInfo {
  <T extends Base>(data: T, kw?: Kw): Promise<T>;
  <T extends Base>(cfg: Kw, data: T, kw?: Kw): Promise<T>;
  <T extends Base>(data: T, cfg: Kw, kw?: Kw): Promise<T>;
  <T extends Base>(cfg: Kw & { data: T }, kw?: Kw): Promise<T>;
}

export interface CallContext {
  /** Explicitly given keywords. */
  given: Set<string>;
  /** The cfg entry this call adds to the result: every signature keyword and the hidden ones given, serialised. */
  cfgEntry: Record<string, unknown>;
}

/**
 * Keywords with a boolean default that their frontend checks itself ("name.keyword"): hilbert also
 * takes a string; zscore and rectify refuse a non-boolean with a SPYValueError, as Syncopy's
 * preprocessing does (preproc/params.ts checkSwitch).
 */
const OWN_BOOLEAN_CHECK = new Set(["preprocessing.hilbert", "preprocessing.zscore", "preprocessing.rectify"]);

/**
 * Every keyword whose default is true or false takes true or false only (Syncopy's cfg "yes"/"no"
 * became booleans in unwrapCfg): `keeptrials: 0`, `"false"` or `1` is a SPYTypeError naming it,
 * also for a keyword the chosen method does not read (a wrong type is never silently ignored).
 */
function checkBooleanKeywords(name: string, defaults: Record<string, unknown>, kwargs: Record<string, unknown>, given: Set<string>): void {
  for (const k of given) {
    if (typeof defaults[k] === "boolean" && !OWN_BOOLEAN_CHECK.has(`${name}.${k}`)) checkBoolean(kwargs[k], k);
  }
}

/**
 * Syncopy's `data_parser(data, empty=False)`, which every frontend runs: a data object without
 * data (no trials, e.g. `new AnalogData({ samplerate })`) is a SPYValueError naming `data`, before
 * any keyword is read (freqanalysis failed on it with "Invalid value of `n`: got -Infinity",
 * selectdata with a TypeError). Duck-typed: cfg/ sits below the data classes.
 */
function checkNotEmpty(data: unknown): void {
  const d = data as { nTrials?: unknown; className?: unknown } | null;
  if (d === null || typeof d !== "object" || typeof d.nTrials !== "number" || d.nTrials > 0) return;
  const cls = typeof d.className === "string" ? d.className : "data object";
  throw new SPYValueError("data", `an empty ${cls}`, `a non-empty ${cls} object (with data)`);
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
    checkNotEmpty(data);
    // absurd numbers fail here, before the frontend allocates anything (core/numericLimits.ts)
    const facts = dataFacts(data);
    checkNumericLimits("metafunction", kwargs, facts);
    checkNumericLimits(name, kwargs, facts);
    checkBooleanKeywords(name, all, kwargs, given);
    const recorded: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(kwargs)) {
      if (Object.prototype.hasOwnProperty.call(signature, k) || given.has(k)) recorded[k] = v;
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
export function get_defaults(fn: unknown): StructDict {
  const f = fn as { signatureDefaults?: Record<string, unknown>; defaults?: Record<string, unknown> } | null;
  const defaults = f?.signatureDefaults ?? f?.defaults;
  if (typeof fn !== "function" || !defaults) {
    throw new SPYTypeError("obj", fn, "a spyts metafunction such as spy.freqanalysis");
  }
  // a StructDict, as Syncopy's: cfg.copy() and cfg.deepcopy() work on it
  return new StructDict(serialize(defaults) as Record<string, unknown>);
}
