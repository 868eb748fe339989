/** The keywords of spy.mean/std/var/median (and ddof/nan for whoever reuses them, e.g. timelockanalysis). */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger, checkOneOf } from "../core/keywords";
import type { NanPolicy } from "./trialMoments";

/** `dim`: a name in the dimord or "trials". */
export function parseDim(dim: unknown, dimord: readonly string[]): string {
  const allowed = `one of ${[...dimord, "trials"].map((d) => `"${d}"`).join(", ")}`;
  if (typeof dim !== "string") throw new SPYTypeError("dim", dim, `a dimension name, ${allowed}`);
  if (dim !== "trials" && !dimord.includes(dim)) throw new SPYValueError("dim", dim, allowed);
  return dim;
}

/** `ddof`: a non-negative integer. */
export function parseDdof(ddof: unknown): number {
  if (typeof ddof !== "number") throw new SPYTypeError("ddof", ddof, "a non-negative integer (delta degrees of freedom, default 0)");
  return checkInteger(ddof, "ddof", { min: 0 });
}

/** `nan`: null (the default of the reduction: "omit" along a dim, "propagate" over trials), "propagate" or "omit". */
export function parseNan(nan: unknown, dim: string): NanPolicy {
  if (nan === null || nan === undefined) return dim === "trials" ? "propagate" : "omit";
  return checkOneOf(nan, "nan", ["propagate", "omit"] as const);
}

/**
 * ddof must leave degrees of freedom: `ddof < count`, count being the number of values each
 * element is reduced over (`what` names them: "trials", "samples of trial 3 along time").
 */
export function checkDdofBelow(ddof: number, count: number, what: string): void {
  if (ddof >= count) {
    throw new SPYValueError("ddof", ddof, `an integer below the number of values reduced over (${count} ${what})`,
      "the variance would divide by count - ddof <= 0");
  }
}
