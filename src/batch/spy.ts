/** spy.batch: the transformations and helpers of the batch module, under one name. */
export { butterworth, standardize, reference } from "./transforms";
export { defineTransform } from "./transform";
export { parseMaxMemory } from "./memory";
export { IndexGenerator } from "./indexGenerator";
