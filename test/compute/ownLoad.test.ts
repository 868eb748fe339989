/**
 * This process's part of the load average (src/compute/ownLoad.ts): damped with the load
 * average's 60 s time constant from the process's CPU time, so that `parallel = "auto"` does not
 * take our own recent workers for other work.
 */
import { LOAD_SLACK, LOAD_TAU_MS, OwnLoad, otherLoad } from "../../src/compute/ownLoad";

/** A clock whose wall and CPU time the test moves. */
function fakeClock() {
  const c = { t: 1000, cpu: 50, now: () => c.t, cpuMs: () => c.cpu };
  return c;
}

describe("OwnLoad", () => {
  it("starts at 0 and ignores CPU time spent before it was made", () => {
    const clock = fakeClock();
    const own = new OwnLoad(clock);
    expect(own.sample()).toBe(0);
    clock.t += 10_000; // idle 10 s
    expect(own.sample()).toBe(0);
  });

  it("a minute on 2 cores gives 2 (1 - 1/e), as the load average of two busy threads; a minute idle then takes 1/e of that", () => {
    const clock = fakeClock();
    const own = new OwnLoad(clock);
    clock.t += 60_000;
    clock.cpu += 120_000;
    const busy = own.sample();
    expect(busy).toBeCloseTo(2 * (1 - Math.exp(-1)), 12);
    clock.t += 60_000;
    expect(own.sample()).toBeCloseTo(busy * Math.exp(-1), 12);
  });

  it("sampling more often gives the same average when the use is steady (the damping composes)", () => {
    const a = fakeClock(), b = fakeClock();
    const coarse = new OwnLoad(a), fine = new OwnLoad(b);
    a.t += 30_000; a.cpu += 45_000; // 1.5 cores for 30 s
    for (let i = 0; i < 30; i++) { b.t += 1000; b.cpu += 1500; fine.sample(); }
    expect(fine.sample()).toBeCloseTo(coarse.sample(), 12);
    expect(coarse.sample()).toBeCloseTo(1.5 * (1 - Math.exp(-30_000 / LOAD_TAU_MS)), 12);
  });

  it("no wall time passed: the average stands (no division by zero); CPU time never counts negative", () => {
    const clock = fakeClock();
    const own = new OwnLoad(clock);
    clock.t += 6000; clock.cpu += 6000;
    const x = own.sample();
    expect(own.sample()).toBe(x);
    clock.t += 6000; clock.cpu -= 10; // a clock that went back
    expect(own.sample()).toBeCloseTo(x * Math.exp(-0.1), 12);
  });
});

describe("otherLoad", () => {
  it("is the load average less our own part and the slack, never negative", () => {
    expect(otherLoad(1.8, 1.2)).toBeCloseTo(0.6 - LOAD_SLACK, 12);
    expect(otherLoad(1.0, 1.26)).toBe(0);
    expect(otherLoad(2.3, 0.2)).toBeCloseTo(2.1 - LOAD_SLACK, 12);
    expect(otherLoad(0, 0)).toBe(0);
  });
});
