/**
 * The scipy.signal.windows catalogue by name, with each window's extra
 * parameters, so callers (Syncopy's `taper` / `taper_opt`) can validate options.
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";
import { checkWindowLength } from "./common";
import {
  blackman, blackmanharris, flattop, generalCosine, generalHamming, hamming, hann, nuttall,
} from "./cosineSums";
import { barthann, bartlett, bohman, boxcar, cosine, lanczos, parzen, triang, tukey } from "./piecewise";
import { gaussian, generalGaussian } from "./gaussian";
import { kaiser, kaiserBesselDerived } from "./kaiser";
import { chebwin } from "./chebwin";
import { taylor } from "./taylor";

export type WindowOption = number | boolean | number[];

export interface WindowParamSpec {
  name: string;
  /** true when scipy has no default, i.e. the caller must pass it. */
  required: boolean;
  default?: unknown;
}

export interface WindowSpec {
  params: WindowParamSpec[];
}

type Values = Record<string, WindowOption>;
interface Entry extends WindowSpec {
  build(M: number, v: Values, sym: boolean): Float64Array;
}

const num = (v: Values, k: string): number => v[k] as number;
const req = (name: string): WindowParamSpec => ({ name, required: true });
const opt = (name: string, def: unknown): WindowParamSpec => ({ name, required: false, default: def });

/** Insertion order follows scipy.signal.windows.__all__. */
const CATALOGUE: Record<string, Entry> = {
  boxcar: { params: [], build: (M, _v, s) => boxcar(M, s) },
  triang: { params: [], build: (M, _v, s) => triang(M, s) },
  parzen: { params: [], build: (M, _v, s) => parzen(M, s) },
  bohman: { params: [], build: (M, _v, s) => bohman(M, s) },
  blackman: { params: [], build: (M, _v, s) => blackman(M, s) },
  nuttall: { params: [], build: (M, _v, s) => nuttall(M, s) },
  blackmanharris: { params: [], build: (M, _v, s) => blackmanharris(M, s) },
  flattop: { params: [], build: (M, _v, s) => flattop(M, s) },
  bartlett: { params: [], build: (M, _v, s) => bartlett(M, s) },
  barthann: { params: [], build: (M, _v, s) => barthann(M, s) },
  hamming: { params: [], build: (M, _v, s) => hamming(M, s) },
  kaiser: { params: [req("beta")], build: (M, v, s) => kaiser(M, num(v, "beta"), s) },
  kaiser_bessel_derived: {
    params: [req("beta")], build: (M, v, s) => kaiserBesselDerived(M, num(v, "beta"), s),
  },
  gaussian: { params: [req("std")], build: (M, v, s) => gaussian(M, num(v, "std"), s) },
  general_gaussian: {
    params: [req("p"), req("sig")], build: (M, v, s) => generalGaussian(M, num(v, "p"), num(v, "sig"), s),
  },
  general_cosine: { params: [req("a")], build: (M, v, s) => generalCosine(M, v.a as number[], s) },
  general_hamming: { params: [req("alpha")], build: (M, v, s) => generalHamming(M, num(v, "alpha"), s) },
  chebwin: { params: [req("at")], build: (M, v, s) => chebwin(M, num(v, "at"), s) },
  cosine: { params: [], build: (M, _v, s) => cosine(M, s) },
  hann: { params: [], build: (M, _v, s) => hann(M, s) },
  tukey: { params: [opt("alpha", 0.5)], build: (M, v, s) => tukey(M, num(v, "alpha"), s) },
  taylor: {
    params: [opt("nbar", 4), opt("sll", 30), opt("norm", true)],
    build: (M, v, s) => taylor(M, num(v, "nbar"), num(v, "sll"), v.norm as boolean, s),
  },
  lanczos: { params: [], build: (M, _v, s) => lanczos(M, s) },
};

/** Extra arguments of every window getWindow knows (sym, common to all, is not listed). */
export const WINDOW_SPECS: Record<string, WindowSpec> = Object.freeze(
  Object.fromEntries(
    Object.entries(CATALOGUE).map(([name, e]) => [
      name,
      Object.freeze({ params: e.params.map((p) => Object.freeze({ ...p })) }),
    ]),
  ),
);

/**
 * Taper names Syncopy accepts: scipy.signal.windows.__all__ without get_window and
 * exponential. 'dpss' is included because it is a valid taper, but it is served
 * by dpss() (it returns several tapers), not by getWindow().
 */
export function availableTapers(): string[] {
  const names = Object.keys(CATALOGUE);
  names.splice(names.indexOf("lanczos"), 0, "dpss");
  return names;
}

function checkOption(window: string, key: string, value: unknown): WindowOption {
  const param = key;
  if (key === "a") {
    if (!Array.isArray(value) || value.some((x) => typeof x !== "number")) {
      throw new SPYTypeError(param, value, `a non-empty array of finite numbers for '${window}'`);
    }
    if (value.length === 0 || value.some((x) => !Number.isFinite(x))) {
      throw new SPYValueError(param, value, `a non-empty array of finite numbers for '${window}'`);
    }
    return value as number[];
  }
  if (key === "norm" || key === "sym") {
    if (typeof value !== "boolean") throw new SPYTypeError(param, value, `true or false for '${window}'`);
    return value;
  }
  if (typeof value !== "number") throw new SPYTypeError(param, value, `a finite number for '${window}'`);
  if (!Number.isFinite(value)) {
    throw new SPYValueError(param, value, `a finite number for '${window}'`);
  }
  if (key === "nbar" && (!Number.isInteger(value) || value < 1)) {
    throw new SPYValueError(param, value, `an integer >= 1 for '${window}'`);
  }
  if ((key === "std" || key === "sig") && value === 0) {
    throw new SPYValueError(param, value, `a non-zero number for '${window}'`);
  }
  return value;
}

/**
 * Window `name` of length M, as scipy.signal.windows.<name>(M, **opts).
 * Errors name the parameter as Syncopy users know it: 'taper' for an unknown
 * window, the option's own name (e.g. 'beta') for a bad or missing option.
 * Symmetric by default (sym = true), as Syncopy uses them; pass { sym: false }
 * for the periodic (DFT-even) variant.
 */
export function getWindow(name: string, M: number, opts: Record<string, WindowOption> = {}): Float64Array {
  if (typeof name !== "string") throw new SPYTypeError("taper", name, `a window name: one of ${Object.keys(CATALOGUE).join(", ")}`);
  const entry = Object.prototype.hasOwnProperty.call(CATALOGUE, name) ? CATALOGUE[name] : undefined;
  if (entry === undefined) {
    const hint = name === "dpss" ? " (use dpss() for Slepian tapers)" : "";
    throw new SPYValueError("taper", name, `one of ${Object.keys(CATALOGUE).join(", ")}${hint}`);
  }
  checkWindowLength(M);
  if (opts === null || typeof opts !== "object") {
    throw new SPYTypeError("opts", opts, "an object of window options");
  }
  const allowed = new Set(entry.params.map((p) => p.name));
  for (const key of Object.keys(opts)) {
    if (key !== "sym" && !allowed.has(key)) {
      const names = [...allowed, "sym"].join(", ");
      throw new SPYValueError(key, opts[key], `no such option; '${name}' takes: ${names}`);
    }
  }
  const values: Values = {};
  for (const p of entry.params) {
    if (opts[p.name] === undefined) {
      if (p.required) {
        throw new SPYValueError(p.name, undefined, `a value (required by the '${name}' window)`);
      }
      values[p.name] = p.default as WindowOption;
    } else {
      values[p.name] = checkOption(name, p.name, opts[p.name]);
    }
  }
  const sym = opts.sym === undefined ? true : (checkOption(name, "sym", opts.sym) as boolean);
  return entry.build(M, values, sym);
}
