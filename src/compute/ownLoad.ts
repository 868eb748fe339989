/**
 * The other work on the machine, in busy cores, for `parallel = "auto"`: the 1-minute load average
 * less this process's own part of it.
 *
 * Why: the load average counts our own threads too. After a parallel run of a few seconds in a
 * notebook, the two workers' load (decaying over a minute) made the next analysis's auto choice
 * read "other work keeps 0.8 of 2 cores busy" and stay sequential on an idle machine. Linux's
 * load average is an exponentially damped average (time constant 60 s) of runnable threads, so
 * this process's part is estimated the same way from its CPU time (process.cpuUsage: every thread,
 * workers included), sampled at run boundaries and at each decision and taken as uniform between
 * samples. What is left, less a slack of half a core (runnable is not running: threads waiting for
 * a core count in the load but use no CPU time), is other processes' work.
 */
import * as os from "os";

/** The load average's time constant (the 1-minute average), ms. */
export const LOAD_TAU_MS = 60_000;
/** Busy cores the estimate may be off by before they count as other work (see above). */
export const LOAD_SLACK = 0.5;

export interface CpuClock {
  /** Wall time, ms. */
  now(): number;
  /** This process's CPU time (user + system, all threads), ms. */
  cpuMs(): number;
}

const processClock: CpuClock = {
  now: () => performance.now(),
  cpuMs: () => {
    // Node and Deno have it; under a runtime without it no load counts as this process's own
    if (typeof process.cpuUsage !== "function") return 0;
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e3;
  },
};

/** This process's CPU use in cores, damped as the load average is. */
export class OwnLoad {
  private t: number;
  private cpu: number;
  private avg = 0;

  constructor(private readonly clock: CpuClock = processClock) {
    this.t = clock.now();
    this.cpu = clock.cpuMs();
  }

  /** Take the CPU time used since the last sample into the average (as if spread evenly); the average, in cores. */
  sample(): number {
    const t = this.clock.now(), cpu = this.clock.cpuMs();
    const dt = t - this.t;
    if (dt > 0) {
      const rate = Math.max(0, cpu - this.cpu) / dt;
      const keep = Math.exp(-dt / LOAD_TAU_MS);
      this.avg = this.avg * keep + rate * (1 - keep);
      this.t = t;
      this.cpu = cpu;
    }
    return this.avg;
  }
}

/** Busy cores of other work: the load average less our own part and the slack; never negative. */
export function otherLoad(loadAverage: number, own: number): number {
  return Math.max(0, loadAverage - own - LOAD_SLACK);
}

const own = new OwnLoad();

/** Record this process's CPU time so far (at the start and end of a run). */
export function sampleOwnLoad(): void {
  own.sample();
}

/** Other work on this machine now, in busy cores; 0 where the OS gives no load average (Windows). */
export function machineOtherLoad(): number {
  return otherLoad(os.loadavg()[0], own.sample());
}
