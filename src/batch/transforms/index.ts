/** Transformations for BatchProcessor / BatchPipeline (spy.batch.*). */
export { butterworth } from "./butterworth";
export type { ButterworthOptions } from "./butterworth";
export { standardize } from "./standardize";
export type { StandardizeOptions, StatsOptions } from "./standardize";
export { reference } from "./reference";
export type { ReferenceOptions } from "./reference";
