/**
 * Cached complex FFT plans of any length: the engine is picked once per n.
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";
import type { ComplexEngine } from "./engine";
import { bluesteinLength, isPowerOfTwo, stockhamCost, stockhamRadices } from "./factorize";
import { PowerOfTwoEngine } from "./powerOfTwo";
import { StockhamEngine } from "./stockham";
import { BluesteinEngine } from "./bluestein";

export interface ComplexFFTPlan {
  readonly n: number;
  /** Which algorithm serves this length (for diagnostics and benchmarks). */
  readonly algorithm: "identity" | "fft.js" | "stockham" | "bluestein";
  /**
   * numpy.fft.fft of `input` (interleaved, 2n doubles) into `output` (2n doubles;
   * defaults to `input`, i.e. in place). Allocates nothing.
   */
  forward(input: Float64Array, output?: Float64Array): void;
  /** numpy.fft.ifft (1/n normalised), same conventions as forward. */
  inverse(input: Float64Array, output?: Float64Array): void;
}

export function validateLength(param: string, n: unknown): number {
  if (typeof n !== "number") throw new SPYTypeError(param, n, "an integer >= 1");
  if (!Number.isInteger(n) || n < 1) {
    throw new SPYValueError(param, n, "an integer >= 1");
  }
  if (n > 2 ** 30) throw new SPYValueError(param, n, "an integer <= 2^30");
  return n;
}

/**
 * Pick the fastest engine for length n: fft.js for powers of two, otherwise the
 * cheaper (by a measured cost model) of a mixed-radix Stockham transform and
 * Bluestein's algorithm. Large prime factors make Stockham passes O(n*p), so e.g.
 * 7919 or 4097 = 17*241 go to Bluestein while 1001 = 7*11*13 stays direct.
 */
export function createComplexEngine(n: number): { engine: ComplexEngine; algorithm: ComplexFFTPlan["algorithm"] } {
  if (n === 1) return { engine: new StockhamEngine(1, []), algorithm: "identity" };
  if (isPowerOfTwo(n)) return { engine: new PowerOfTwoEngine(n), algorithm: "fft.js" };
  const radices = stockhamRadices(n);
  const direct = radices === null ? Infinity : stockhamCost(n, radices);
  const chirp = bluesteinLength(n);
  if (radices !== null && direct <= chirp.cost) {
    return { engine: new StockhamEngine(n, radices), algorithm: "stockham" };
  }
  return { engine: new BluesteinEngine(n, chirp.m), algorithm: "bluestein" };
}

// Bound once: a global lookup per call is slow inside vm contexts (jest, notebooks).
const F64 = Float64Array;

function checkBuffer(param: string, arr: Float64Array, need: number): void {
  if (!(arr instanceof F64)) throw new SPYTypeError(param, arr, `a Float64Array of at least ${need} doubles`);
  if (arr.length < need) {
    throw new SPYValueError(param, arr, `a Float64Array of at least ${need} doubles`);
  }
}

function makeComplexPlan(n: number): ComplexFFTPlan {
  const { engine, algorithm } = createComplexEngine(n);
  const need = 2 * n;
  return {
    n,
    algorithm,
    forward(input: Float64Array, output: Float64Array = input): void {
      checkBuffer("input", input, need);
      checkBuffer("output", output, need);
      engine.forward(input, output);
    },
    inverse(input: Float64Array, output: Float64Array = input): void {
      checkBuffer("input", input, need);
      checkBuffer("output", output, need);
      engine.inverse(input, output);
    },
  };
}

const complexPlans = new Map<number, ComplexFFTPlan>();

/** The complex plan for length n, built on first use and cached per n. */
export function getComplexFFTPlan(n: number): ComplexFFTPlan {
  let plan = complexPlans.get(n);
  if (plan === undefined) {
    plan = makeComplexPlan(validateLength("n", n));
    complexPlans.set(n, plan);
  }
  return plan;
}

/** Forget cached complex plans (their scratch memory is then collectable). */
export function clearComplexFFTPlans(): void {
  complexPlans.clear();
}
