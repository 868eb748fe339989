/** The Slurm backend (`parallel: { backend: "slurm", ... }`); see ./driver.ts and the README's "Running on a cluster". */
export { SlurmBackend } from "./driver";
export type { SlurmLog, SlurmSite } from "./array";
export { JobArray, createRunDir, stagingDir } from "./array";
export { taskModules, distStatus } from "./entry";
export type { TaskModules } from "./entry";
export { parseSlurmParallel, isBackendSpec } from "./options";
export type { SlurmParallel, ResolvedSlurm } from "./options";
export { SPYSlurmError } from "./commands";
export { runTaskMain } from "./runTask";

import type { RemoteBackend } from "../remote";
import { SlurmBackend } from "./driver";
import { parseSlurmParallel } from "./options";

/** The backend a `parallel: { backend, ... }` object asks for (only "slurm" so far). */
export function createRemoteBackend(spec: unknown): RemoteBackend {
  return new SlurmBackend(parseSlurmParallel(spec));
}
