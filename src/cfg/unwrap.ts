/**
 * Syncopy's call forms for every metafunction (reference §1.9), in JavaScript:
 *
 *   f(data)                    f(data, kw)              f(data, { cfg, ...kw })
 *   f(data, cfg, kw)           f(cfg, data)             f(cfg, data, kw)
 *   f(cfg)  // cfg.data or cfg.dataset holds the data object
 *
 * A plain object that has a key named like the function (e.g. `res.cfg.freqanalysis`) is a
 * replay cfg: that sub-dict is used, so `f(data, res.cfg)` reruns the analysis, also from a
 * chained cfg. A key given both in the cfg and as a keyword is an error; "yes"/"no" become
 * booleans; an unknown keyword is an error that suggests the nearest one (src/core/keywords.ts).
 *
 * The data object is given exactly once (Syncopy's unwrap_cfg): positionally, or as `data` or
 * `dataset` in the cfg or the keywords. Two data objects, a data object both positionally and in
 * the cfg/keywords (even the same one), `data` together with `dataset`, and a cfg given both
 * positionally and as the keyword `cfg` are SPYValueErrors. A `data: null` entry counts as absent.
 */
import { SPYValueError, SPYTypeError } from "../core/errors";
import { hasOwn, isPlainObject, rejectProtoKeys, unknownKeywordError } from "../core/keywords";
import { deserialize } from "../core/structdict";

export interface Unwrapped<D> {
  data: D;
  /** Every keyword: defaults overridden by what was given. */
  kwargs: Record<string, unknown>;
  /** The keywords that were given explicitly (from cfg or call). */
  given: Set<string>;
}

export function unwrapCfg<D>(
  name: string,
  args: unknown[],
  defaults: Record<string, unknown>,
  isData: (x: unknown) => x is D,
): Unwrapped<D> {
  const dataArgs = args.filter(isData);
  const dicts = args.filter(isPlainObject);
  const other = args.filter((a) => a !== undefined && !isData(a) && !isPlainObject(a));
  if (other.length) {
    throw new SPYTypeError("data", other[0], `a spyts data object, a cfg dict and/or a keyword dict (${name}(data, {keyword: value}))`);
  }
  if (dicts.length > 2) throw new SPYValueError("cfg", `${dicts.length} dicts`, "at most one cfg dict and one keyword dict");
  // a JSON cfg's {"__proto__": {...}} must never take effect (own-property checks below, and this)
  dicts.forEach((d, i) => rejectProtoKeys(d, dicts.length === 2 && i === 1 ? "keywords" : "cfg"));

  let cfg: Record<string, unknown> = {};
  let kw: Record<string, unknown> = {};
  if (dicts.length === 2) {
    cfg = { ...dicts[0] };
    kw = { ...dicts[1] };
  } else if (dicts.length === 1) {
    cfg = { ...dicts[0] };
  }
  // f(data, cfg, { cfg }) mirrors Python's f(data, cfg, cfg=cfg): one cfg, not two
  if (dicts.length === 2 && hasOwn(kw, "cfg") && kw.cfg !== null && kw.cfg !== undefined) {
    throw new SPYValueError("cfg", "a cfg dict given positionally and as the keyword cfg", "the cfg either positionally or as the keyword cfg, not both");
  }
  // f(data, { cfg, ...kw }) mirrors Python's f(data, cfg=cfg, **kw)
  if (hasOwn(cfg, "cfg")) {
    const inner = cfg.cfg;
    if (!isPlainObject(inner)) throw new SPYTypeError("cfg", inner, "a dict of keywords");
    const { cfg: _drop, ...rest } = cfg;
    kw = { ...kw, ...rest };
    cfg = { ...inner };
  }
  // Replay: use the sub-dict named after this function.
  if (hasOwn(cfg, name) && isPlainObject(cfg[name])) cfg = { ...(cfg[name] as Record<string, unknown>) };

  if (dataArgs.length > 1) throw new SPYValueError("data", `${dataArgs.length} data objects`, `one data object for ${name}`);
  // data/dataset entries of the cfg and the keywords (null counts as absent, as in Syncopy)
  const named: { key: string; where: string; value: unknown }[] = [];
  for (const key of ["data", "dataset"]) {
    for (const [src, where] of [[cfg, "cfg"], [kw, "keywords"]] as const) {
      if (hasOwn(src, key)) {
        const v = src[key];
        delete src[key];
        if (v !== null && v !== undefined) named.push({ key, where, value: v });
      }
    }
  }
  if (named.some((n) => n.key === "data") && named.some((n) => n.key === "dataset")) {
    throw new SPYValueError("data/dataset", "both data and dataset", "the data object as either data or dataset, not both");
  }
  if (named.length > 1) {
    throw new SPYValueError(named[0].key, `a data object in the ${named[0].where} and in the ${named[1].where}`, "the data object given once: either in the cfg or as a keyword, not both");
  }
  if (named.length === 1 && dataArgs.length === 1) {
    throw new SPYValueError(named[0].key, `a data object given positionally and as ${named[0].key} in the ${named[0].where}`, `the data object given once: ${name}(data, {...}) or ${named[0].key} in the ${named[0].where}, not both`);
  }
  if (named.length === 1 && !isData(named[0].value)) throw new SPYTypeError(named[0].key, named[0].value, "a spyts data object");
  const data: D | undefined = named.length === 1 ? (named[0].value as D) : dataArgs[0];
  if (data === undefined) throw new SPYValueError("data", undefined, `a data object: ${name}(data, {...}) or ${name}(cfg) with cfg.data`);

  const merged: Record<string, unknown> = {};
  const given = new Set<string>();
  for (const [src, label] of [[cfg, "cfg"], [kw, "keyword"]] as const) {
    for (const [k, v] of Object.entries(src)) {
      if (given.has(k)) {
        throw new SPYValueError(k, v, "a keyword given once: either in the cfg or as a keyword, not both", `found in cfg and as ${label}`);
      }
      if (!hasOwn(defaults, k)) throw unknownKeywordError(k, v, Object.keys(defaults), name);
      given.add(k);
      merged[k] = normalizeValue(v);
    }
  }
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(defaults)) kwargs[k] = hasOwn(merged, k) ? merged[k] : copyDefault(v);
  return { data, kwargs, given };
}

function normalizeValue(v: unknown): unknown {
  if (v === "yes") return true;
  if (v === "no") return false;
  return deserialize(v);
}

function copyDefault(v: unknown): unknown {
  if (Array.isArray(v)) return [...v];
  if (isPlainObject(v)) return { ...v };
  return v;
}
