/**
 * Whether a Slurm cluster answers here. Without one the Slurm tests are skipped with the reason
 * in the test's name and on stderr; under CI=1 or SPYTS_REQUIRE_SLURM=1 they fail instead.
 */
import { execFileSync } from "child_process";

export function slurmUnavailableReason(): string | null {
  try {
    const state = execFileSync("sinfo", ["-h", "-o", "%T"], { encoding: "utf8", timeout: 10_000 }).trim();
    if (!/idle|mixed|allocated/.test(state)) return `sinfo reports no usable node (state: '${state || "none"}')`;
    return null;
  } catch (e) {
    return `no Slurm cluster (${(e as Error).message.split("\n")[0]}); start one with: sudo scripts/slurm-local.sh start`;
  }
}

export const slurmRequired = process.env.CI === "1" || process.env.CI === "true" || process.env.SPYTS_REQUIRE_SLURM === "1";

/** describe() when the cluster is up; else a visibly skipped (or, when required, failing) test. */
export function describeSlurm(name: string, body: () => void): void {
  const reason = slurmUnavailableReason();
  if (reason === null) {
    describe(name, body);
    return;
  }
  if (slurmRequired) {
    test(`${name}: Slurm is required here (CI=1 or SPYTS_REQUIRE_SLURM=1)`, () => {
      throw new Error(`Slurm tests cannot run: ${reason}`);
    });
    return;
  }
  process.stderr.write(`\n*** SKIPPED ${name}: ${reason} ***\n\n`);
  test.skip(`SKIPPED (${reason}): ${name}`, () => undefined);
}
