/**
 * The progress display of long runs (src/compute/progress.ts) and the ComputationalRoutine's use
 * of it: a fake kernel writer and a fake clock/timer, so no test waits 2 s.
 */
import * as path from "path";
import { createProgress, defaultProgressTarget, fmtDuration, progressText, ProgressWriter } from "../../src/compute/progress";
import { ComputationalRoutine, PROGRESS_DELAY_MS } from "../../src/compute/routine";
import { SPYInterruptError } from "../../src/compute/interrupt";
import { createProgress as batchProgress } from "../../src/batch/progress";
import * as cfs from "./fixtures/cfs";
import { ArraySink, ArraySource, makeTrials } from "./fixtures/helpers";

interface Sent { update: boolean; id: string | undefined; text: string; html: string }

function fakeWriter(): ProgressWriter & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    write(msg, update) {
      sent.push({ update, id: msg.transient.display_id, text: String(msg.data["text/plain"]), html: String(msg.data["text/html"]) });
    },
  };
}

function fakeTime() {
  let t = 1_000_000;
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  return {
    now: () => t,
    schedule: (fn: () => void, ms: number) => {
      const timer = { at: t + ms, fn, cancelled: false };
      timers.push(timer);
      return () => { timer.cancelled = true; };
    },
    /** Advance the clock, firing the timers that fall due. */
    advance(ms: number) {
      t += ms;
      for (const timer of timers) {
        if (!timer.cancelled && timer.at <= t) {
          timer.cancelled = true;
          timer.fn();
        }
      }
    },
    timers,
  };
}

describe("createProgress", () => {
  test("nothing before the delay; then one output updated in place; the final state shows the total time", () => {
    const w = fakeWriter();
    const clock = fakeTime();
    const p = createProgress({ label: "wavelet_cF", total: 1000, delayMs: 2000, target: w, now: clock.now, schedule: clock.schedule });
    for (let k = 1; k <= 100; k++) {
      clock.advance(10);                 // 1 s: 100 trials
      p.update(k);
    }
    expect(w.sent).toEqual([]);
    expect(p.shown).toBe(false);
    clock.advance(1000);                 // 2 s: the timer draws, even without a new trial
    expect(w.sent.length).toBe(1);
    expect(w.sent[0].update).toBe(false);
    expect(w.sent[0].text).toContain("wavelet_cF: 100/1000 trials");
    for (let k = 101; k <= 1000; k++) {
      clock.advance(5);                  // 4.5 s more, 900 updates
      p.update(k);
    }
    p.stop();
    // throttled to 4 redraws a second: ~18 updates, not 900
    expect(w.sent.length).toBeGreaterThan(10);
    expect(w.sent.length).toBeLessThan(25);
    expect(new Set(w.sent.map((s) => s.id)).size).toBe(1);
    expect(w.sent.slice(1).every((s) => s.update)).toBe(true);
    const mid = w.sent[3].text;
    expect(mid).toMatch(/trials\/s/);
    expect(mid).toMatch(/left \d/);
    const last = w.sent[w.sent.length - 1].text;
    expect(last).toBe("100.0% wavelet_cF: done, 1000/1000 trials in 6.5 s (154 trials/s)");
    expect(w.sent[w.sent.length - 1].html).toContain("width:100.0%");
  });

  test("a run that ends before the delay draws nothing and cancels its timer", () => {
    const w = fakeWriter();
    const clock = fakeTime();
    const p = createProgress({ label: "mtmfft_cF", total: 40, delayMs: 2000, target: w, now: clock.now, schedule: clock.schedule });
    for (let k = 1; k <= 40; k++) {
      clock.advance(1);
      p.update(k);
    }
    p.stop();
    clock.advance(5000);
    expect(w.sent).toEqual([]);
    expect(clock.timers.every((t) => t.cancelled)).toBe(true);
  });

  test("an interrupted or failed run says so, with where it stopped", () => {
    const w = fakeWriter();
    const clock = fakeTime();
    const p = createProgress({ label: "wavelet_cF", total: 400, delayMs: 2000, target: w, now: clock.now, schedule: clock.schedule });
    clock.advance(2500);
    p.update(120);
    p.stop(new SPYInterruptError());
    expect(w.sent[w.sent.length - 1].text).toMatch(/^30\.0% wavelet_cF: interrupted at 120\/400 trials after 2\.5 s/);
    const f = fakeWriter();
    const q = createProgress({ label: "x", total: 4, target: f, now: clock.now, schedule: clock.schedule });
    q.stop(new Error("disk full"));
    expect(f.sent[f.sent.length - 1].text).toContain("failed: disk full at 0/4 trials");
  });

  test("where it draws: a kernel's writer, a terminal only when stderr is a TTY, never under jest, CI or SPYTS_PROGRESS=0", () => {
    // no kernel runs this test
    expect(defaultProgressTarget({ JEST_WORKER_ID: "1" }, true)).toBeNull();
    expect(defaultProgressTarget({}, false)).toBeNull();
    expect(defaultProgressTarget({ CI: "true" }, true)).toBeNull();
    expect(defaultProgressTarget({ SPYTS_PROGRESS: "0" }, true)).toBeNull();
    expect(defaultProgressTarget({}, true)).toBe("terminal");
    // and the default under jest, as the routine uses it
    expect(defaultProgressTarget()).toBeNull();
  });

  test("texts", () => {
    expect(fmtDuration(4.24)).toBe("4.2 s");
    expect(fmtDuration(192)).toBe("3 min 12 s");
    expect(fmtDuration(3900)).toBe("1 h 5 min");
    expect(fmtDuration(Infinity)).toBe("?");
    const look = { label: "f", total: 10, unit: "batches", bytes: true };
    expect(progressText(look, 5, 2048, 2000).text).toBe("f: 5/10 batches, 2.00 KiB at 1.00 KiB/s, elapsed 2.0 s, left 2.0 s");
  });

  test("batch progress shares it (silent when hidden, and under jest)", () => {
    expect(batchProgress("filter", 3, false).shown).toBe(false);
    // under jest there is no kernel and no terminal bar: silent
    const p = batchProgress("filter", 3, true);
    p.update(1, 100);
    p.stop();
    expect(p.shown).toBe(false);
  });
});

describe("the ComputationalRoutine shows progress of runs longer than 2 s", () => {
  const MOD = path.join(__dirname, "fixtures", "cfs");
  const trials = makeTrials(30, 20, 2, "float64", 3);

  test("sequential run: appears after 2 s with the trials done, ends with the total time", async () => {
    const w = fakeWriter();
    let t = 0;
    const now = () => (t += 100);       // every look at the clock: 100 ms later
    const src = new ArraySource(trials);
    const cr = new ComputationalRoutine(cfs.cumsumCF, { module: MOD, name: "cumsumCF" }, {}).initialize(src);
    await cr.compute(src, new ArraySink(), { progress: { target: w, now, schedule: () => () => undefined } });
    expect(PROGRESS_DELAY_MS).toBe(2000);
    expect(w.sent.length).toBeGreaterThan(1);
    expect(w.sent[0].update).toBe(false);
    expect(w.sent[0].text).toMatch(/cumsumCF: \d+\/30 trials/);
    expect(w.sent.slice(1).every((s) => s.update && s.id === w.sent[0].id)).toBe(true);
    expect(w.sent[w.sent.length - 1].text).toMatch(/cumsumCF: done, 30\/30 trials in \d/);
  });

  test("a quick run shows nothing; progress: false never does", async () => {
    const w = fakeWriter();
    const src = new ArraySource(trials);
    const cr = new ComputationalRoutine(cfs.cumsumCF, { module: MOD, name: "cumsumCF" }, {}).initialize(src);
    await cr.compute(src, new ArraySink(), { progress: { target: w } });
    expect(w.sent).toEqual([]);
    let t = 0;
    await cr.compute(src, new ArraySink(), { progress: false });
    await cr.compute(src, new ArraySink(), { progress: { target: null, now: () => (t += 1000) } });
    expect(w.sent).toEqual([]);
  });
});
