/** The compute engine: ComputationalRoutine, the worker pool and their contract types. */
export * from "../core/computeTypes";
export {
  ComputationalRoutine, InitializeOptions, ComputeOptions, ComputeOutcome, ComputeStats, formatLogValue, shortenLogValue,
} from "./routine";
export { ComputePool, getPool, hasPool, shutdown, WorkerExitError, RunTasksOptions, RunTasksStats, PreparedTask } from "./pool";
export { fauxTrial } from "./ndutil";
