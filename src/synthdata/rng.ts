/**
 * A small seeded pseudo-random number generator for the synthetic data generators.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 128 bits of state, period 2^128 - 1, on plain
 * 32-bit integer arithmetic (`Math.imul`, `>>>`), so it is fast without BigInt and gives the
 * same stream on every platform and Node version. The state is filled from the seed through
 * splitmix64 (BigInt, only at construction), as the xoshiro authors recommend.
 *
 * - `uniform()` draws a double in [0, 1) with 53 random bits (two 32-bit outputs).
 * - `normal()` draws N(0, 1) with Marsaglia's polar method (the second value of each pair is kept
 *   for the next call).
 *
 * This does NOT reproduce numpy's `default_rng` (PCG64 + ziggurat) streams: the same seed gives
 * different numbers than Syncopy. Only the statistics match, and a seed is reproducible across
 * runs and platforms within spyts.
 */

import { randomBytes } from "crypto";
import { SPYTypeError, SPYValueError } from "../core/errors";

/** A seed: a non-negative safe integer, or null/undefined for a fresh random seed. */
export type Seed = number | null | undefined;

const MASK64 = (1n << 64n) - 1n;

function splitmix64(state: { s: bigint }): bigint {
  state.s = (state.s + 0x9e3779b97f4a7c15n) & MASK64;
  let z = state.s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** Check a seed argument (non-negative safe integer, or null/undefined). */
export function checkSeed(seed: unknown, param = "seed"): asserts seed is Seed {
  if (seed === null || seed === undefined) return;
  if (typeof seed !== "number") throw new SPYTypeError(param, seed, "a non-negative integer or null");
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new SPYValueError(param, seed, "a non-negative integer or null");
  }
}

/** A fresh random seed in [0, 2^53) from the operating system's entropy source. */
export function randomSeed(): number {
  const b = randomBytes(8);
  return (b.readUInt32LE(0) & 0x1fffff) * 4294967296 + b.readUInt32LE(4);
}

/**
 * A per-trial seed derived from a base seed, for Syncopy's `seed_per_trial=true`:
 * distinct trials get unrelated streams, and (unlike `seed + trialIndex`) the trials of
 * base seed 1 do not repeat those of base seed 2 shifted by one. Result in [0, 2^53).
 */
export function trialSeed(seed: number, trialIndex: number): number {
  checkSeed(seed);
  if (!Number.isSafeInteger(trialIndex) || trialIndex < 0) {
    throw new SPYValueError("trialIndex", trialIndex, "a non-negative integer");
  }
  const st = { s: (BigInt(seed) * 0x100000001n + BigInt(trialIndex)) & MASK64 };
  splitmix64(st);
  return Number(splitmix64(st) >> 11n);
}

export class Rng {
  /** The seed this generator was built from (a random one when none was given). */
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed?: Seed) {
    checkSeed(seed);
    this.seed = seed === null || seed === undefined ? randomSeed() : seed;
    const st = { s: BigInt(this.seed) };
    const a = splitmix64(st);
    const b = splitmix64(st);
    this.s0 = Number(a & 0xffffffffn) | 0;
    this.s1 = Number(a >> 32n) | 0;
    this.s2 = Number(b & 0xffffffffn) | 0;
    this.s3 = Number(b >> 32n) | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero state is forbidden
  }

  /** A generator with an explicit xoshiro128** state (for tests against the reference vectors). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Rng {
    const r = new Rng(0);
    r.s0 = s0 | 0; r.s1 = s1 | 0; r.s2 = s2 | 0; r.s3 = s3 | 0;
    if ((r.s0 | r.s1 | r.s2 | r.s3) === 0) throw new SPYValueError("state", [s0, s1, s2, s3], "not all zero");
    return r;
  }

  /** Next raw 32-bit output as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r >>> 0;
  }

  /** Uniform double in [0, 1), 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform integer in [0, n) without modulo bias (n <= 2^32). */
  integer(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) throw new SPYValueError("n", n, "an integer in [1, 2^32]");
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const r = this.nextUint32();
      if (r < limit) return r % n;
    }
  }

  /** Standard normal N(0, 1) (Marsaglia polar method). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** Fill `out` with N(0, 1) draws (in index order) and return it. */
  fillNormal(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  /** Fill `out` with U[0, 1) draws (in index order) and return it. */
  fillUniform(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A generator for `seed` (null/undefined: random). */
export function makeRng(seed?: Seed): Rng {
  return new Rng(seed);
}
