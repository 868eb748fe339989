/**
 * Which implementation runs the numeric hot paths: the WebAssembly SIMD kernels (asm/,
 * built to build/wasm/) or the pure TypeScript reference code. "auto" (the default) uses
 * wasm when its module loaded and the platform has SIMD; "ts" forces the reference path
 * (for debugging, for comparing the two, and for platforms without SIMD); "wasm" demands
 * the kernels and fails loudly when they are missing. The environment variable
 * SPYTS_KERNELS sets the initial choice, so worker threads follow the parent's setting.
 */
import { checkOneOf } from "../core/keywords";

/** setKernelPath's choice: "auto" (wasm when available), "wasm" (required) or "ts" (TypeScript reference code). */
export type KernelChoice = "auto" | "wasm" | "ts";
const CHOICES: readonly KernelChoice[] = ["auto", "wasm", "ts"];

function parseChoice(param: string, value: unknown): KernelChoice {
  return checkOneOf(value, param, CHOICES);
}

let choice: KernelChoice = process.env.SPYTS_KERNELS === undefined || process.env.SPYTS_KERNELS === ""
  ? "auto"
  : parseChoice("SPYTS_KERNELS", process.env.SPYTS_KERNELS);

/** Select the kernel path for this thread and for workers started afterwards. */
export function setKernelPath(value: KernelChoice): void {
  choice = parseChoice("kernels", value);
  process.env.SPYTS_KERNELS = choice; // workers inherit the environment at spawn
}

/** The current choice (not yet resolved against what is available). */
export function getKernelPath(): KernelChoice {
  return choice;
}
