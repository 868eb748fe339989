/**
 * spy.spike_psth against numpy on committed fixtures (test/fixtures/spikes/psth_fixtures.py:
 * Syncopy's psth.py logic, np.histogram, np.nanmean/np.nanvar), and Syncopy's test_spike_psth.py
 * expectations ported (their values follow from Syncopy's logic, not from spyts' output).
 */
import * as fs from "fs";
import * as path from "path";
import * as spy from "../../src";
import { SpikeData } from "../../src/data/spike";
import { TimeLockData } from "../../src/data/timelock";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { spike_psth, psthBinEdges } from "../../src/statistics/spikePsth";
import { arange, binOf, coveredBins, linspace, riceRule, sqrtRule } from "../../src/statistics/psthBins";
import { captureWarnings } from "../../src/core/warnings";

interface PsthCase {
  cfg: { binsize: number | string; output: string; latency: string | number[]; vartriallen: boolean };
  window: number[]; bins: number[]; trials: number[]; labels: string[]; samplerate: number; offset: number;
  trial_data: (number | null)[][][]; avg: (number | null)[][]; var: (number | null)[][]; dof: number[][]; syncopy_avg: (number | null)[][];
}
const fx = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/spikes/psth_expected.json"), "utf8")) as {
  samplerate: number; trl: number[][]; data: number[][]; psth: PsthCase[];
};

function fixtureSpikes(): SpikeData {
  return new SpikeData({ data: fx.data, trialdefinition: fx.trl, samplerate: fx.samplerate });
}

/** Element-wise: NaN (null in JSON) where expected, else within a relative 1e-12. */
function expectClose(got: ArrayLike<number>, want: (number | null)[], what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (w === null) {
      if (!Number.isNaN(got[i])) throw new Error(`${what}[${i}]: expected NaN, got ${got[i]}`);
    } else if (!(Math.abs(got[i] - w) <= 1e-12 * Math.max(1, Math.abs(w)))) {
      throw new Error(`${what}[${i}]: expected ${w}, got ${got[i]}`);
    }
  }
}

describe("spike_psth against numpy (psth_fixtures.py)", () => {
  const data = fixtureSpikes();
  for (const c of fx.psth) {
    it(`binsize ${c.cfg.binsize}, ${c.cfg.output}, latency ${JSON.stringify(c.cfg.latency)}, vartriallen ${c.cfg.vartriallen}`, async () => {
      const out = await captureWarnings(() => spike_psth(data, { ...c.cfg }));
      const r = out.result as TimeLockData;
      expect(r).toBeInstanceOf(TimeLockData);
      expect(r.channel).toEqual(c.labels);
      expect(Array.from(psthBinEdges(r)!)).toEqual(c.bins); // bit-identical edges
      expect(r.samplerate).toBeCloseTo(c.samplerate, 9);
      expect(r.nTrials).toBe(c.trials.length);
      expect(r.trialdefinition.map((row) => row[2])).toEqual(c.trials.map(() => c.offset));
      c.trials.forEach((_, i) => expectClose(r.trials.get(i).data as Float64Array, c.trial_data[i].flat(), `trial ${i}`));
      expectClose(r.avg!.data as Float64Array, c.avg.flat(), "avg");
      expectClose(r.var!.data as Float64Array, c.var.flat(), "var");
      expect(Array.from(r.dof!.data)).toEqual(c.dof.flat());
    });
  }

  it("averages a bin over the trials that cover it, where Syncopy's plain mean gives NaN", async () => {
    const c = fx.psth[0]; // maxperiod: the trials' varying starts and ends leave bins uncovered
    const r = await spike_psth(data, { ...c.cfg });
    const mine = r.avg!.data, theirs = c.syncopy_avg.flat();
    const dof = r.dof!.data;
    let differs = 0;
    theirs.forEach((v, i) => {
      if (v === null && dof[i] > 0) { differs++; expect(Number.isNaN(mine[i])).toBe(false); }
    });
    expect(differs).toBeGreaterThan(0);
    // where every trial covers the bin both agree
    theirs.forEach((v, i) => { if (v !== null) expect(mine[i]).toBeCloseTo(v, 10); });
  });

  it("survives spy.save / spy.load with its bin edges, datasets and cfg; get_defaults is Syncopy's signature", async () => {
    const r = await spike_psth(data, { binsize: 0.05, output: "spikecount" });
    const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "spyts-psth-"));
    try {
      const file = await spy.save(r, path.join(dir, "psth"));
      const back = await spy.load(file) as TimeLockData;
      expect(Array.from(psthBinEdges(back)!)).toEqual(Array.from(psthBinEdges(r)!));
      expect(Array.from(back.dof!.data)).toEqual(Array.from(r.dof!.data));
      expect(Object.keys(back.cfg)).toEqual(["spike_psth"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(Object.keys(spy.get_defaults(spike_psth))).toEqual(["binsize", "output", "latency", "vartriallen", "keeptrials", "parallel", "select"]);
  });

  it("keeptrials: false makes the average the one trial", async () => {
    const r = await spike_psth(data, { binsize: 0.1, keeptrials: false });
    expect(r.nTrials).toBe(1);
    expectClose(r.trials.get(0).data as Float64Array, fx.psth[0].avg.flat(), "avg trial");
  });
});

describe("bin rules (numpy's arange / linspace, Syncopy's rules)", () => {
  it("rice and sqrt as Syncopy's int(2 n^(1/3)) and ceil(sqrt(n))", () => {
    expect(riceRule(1000)).toBe(19); // 2 * 10 = 20 in exact arithmetic, 19.999... in floats, as numpy
    expect(riceRule(1001)).toBe(20);
    expect(sqrtRule(1000)).toBe(32);
    expect(sqrtRule(1024)).toBe(32);
  });
  it("arange has numpy's length and values", () => {
    // np.arange(-0.5, 1.8, 0.3): 8 values; np.arange(0, 1.0000000000000002, 0.1): 11 (ceil of 10.000000000000002)
    expect(Array.from(arange(-0.5, 1.5 + 0.3, 0.3))).toHaveLength(8);
    expect(Array.from(arange(0, 1.1, 0.1))).toHaveLength(11);
    expect(Array.from(arange(0, 1.0000000000000002, 0.1))).toHaveLength(11);
    expect(arange(0, 1.1, 0.1)[10]).toBe(1); // numpy: 1.0 (start + 10 * delta)
    expect(Array.from(linspace(-1, 1, 5))).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
  it("binOf: left-closed bins, the last one closed on both sides", () => {
    const e = Float64Array.from([0, 1, 2, 3]);
    expect([-0.1, 0, 0.99, 1, 2.5, 3, 3.01].map((t) => binOf(e, t))).toEqual([-1, 0, 0, 1, 2, 2, -1]);
  });
  it("coveredBins: Syncopy's mask (left edge within [first sample, one past the last])", () => {
    const e = Float64Array.from([-0.2, -0.1, 0, 0.1, 0.2, 0.3]);
    // trial from -0.1 s, 300 samples at 1 kHz: [-0.1, 0.2] s
    expect(coveredBins(e, [0, 300, -100], 1000)).toEqual([1, 5]);
    expect(coveredBins(e, [0, 1000, -500], 1000)).toEqual([0, 5]);
    expect(coveredBins(e, [0, 10, 500], 1000)).toEqual([0, 0]);
  });
});

// ---- Syncopy's test_spike_psth.py ----------------------------------------------------------------

describe("Syncopy's test_spike_psth.py", () => {
  const spd = spy.synthdata.poisson_noise({ nTrials: 10, nUnits: 3, nChannels: 2, nSpikes: 10_000, samplerate: 10_000, seed: 42 });
  const iv = spd.trialintervals;
  const starts = iv.map((i) => i[0]), ends = iv.map((i) => i[1]);
  const psth = (kw: Record<string, unknown>) => captureWarnings(() => spike_psth(spd, kw)).then((o) => o.result as TimeLockData);
  const hasNaN = (r: TimeLockData) => {
    for (let k = 0; k < r.nTrials; k++) if ((r.trials.get(k).data as Float64Array).some(Number.isNaN)) return true;
    return false;
  };

  it("test_psth_binsize", async () => {
    const counts = await psth({ binsize: 0.2, latency: "maxperiod" });
    expect(counts).toBeInstanceOf(TimeLockData);
    expect(counts.is_time_locked).toBe(true);
    const t = counts.timeAxis;
    for (let i = 1; i < t.length; i++) expect(t[i] - t[i - 1]).toBeCloseTo(0.2, 8);
    const rice = (await psth({ binsize: "rice", keeptrials: true })).timeAxis.length;
    const sqrt = (await psth({ binsize: "sqrt", keeptrials: true })).timeAxis.length;
    expect(sqrt).toBeGreaterThan(rice);
  });

  it("test_psth_latency", async () => {
    let counts = await psth({ binsize: 0.1, latency: "maxperiod" });
    let dt = 1 / counts.samplerate;
    let t = counts.timeAxis;
    expect(Math.abs(Math.min(...starts) - t[0])).toBeLessThan(dt);
    expect(Math.abs(Math.max(...ends) - t[t.length - 1])).toBeLessThan(dt);
    expect(hasNaN(counts)).toBe(true);

    counts = await psth({ binsize: 0.1, latency: "minperiod" });
    dt = 1 / counts.samplerate;
    t = counts.timeAxis;
    expect(Math.abs(Math.max(...starts) - t[0])).toBeLessThan(dt);
    expect(Math.abs(Math.min(...ends) - t[t.length - 1])).toBeLessThan(dt);
    expect(hasNaN(counts)).toBe(false);

    expect(Array.from((await psth({ binsize: 0.1, latency: "prestim" })).timeAxis).every((x) => x <= 0)).toBe(true);
    expect(Array.from((await psth({ binsize: 0.1, latency: "poststim" })).timeAxis).every((x) => x >= 0)).toBe(true);

    const latency = [-0.5, 1.5];
    expect(latency[0]).toBeLessThan(Math.min(...starts));
    expect(latency[1]).toBeGreaterThan(Math.max(...ends));
    counts = await psth({ binsize: 0.1, latency });
    dt = 1 / counts.samplerate;
    t = counts.timeAxis;
    expect(Math.abs(latency[0] - t[0])).toBeLessThanOrEqual(dt);
    expect(Math.abs(latency[1] - t[t.length - 1])).toBeCloseTo(dt, 8);
    expect(hasNaN(counts)).toBe(true);
  });

  it("test_psth_vartriallen", async () => {
    const sortedStarts = [...starts].sort((a, b) => a - b), sortedEnds = [...ends].sort((a, b) => a - b);
    let counts = await psth({ vartriallen: false, latency: [sortedStarts[sortedStarts.length - 4], Math.min(...ends)] });
    expect(spd.nTrials - counts.nTrials).toBe(3);
    counts = await psth({ vartriallen: false, latency: [Math.max(...starts), sortedEnds[3]] });
    expect(spd.nTrials - counts.nTrials).toBe(3);
    await expect(psth({ vartriallen: false, latency: "maxperiod" })).rejects.toThrow(/no trial that completely covers the latency window/);
    counts = await psth({ vartriallen: false, latency: "minperiod" });
    expect(spd.nTrials - counts.nTrials).toBe(0);
  });

  it("test_psth_outputs", async () => {
    const counts = await psth({ latency: "minperiod", output: "spikecount", binsize: 0.1 });
    const rates = await psth({ latency: "minperiod", output: "rate", binsize: 0.1 });
    for (let k = 0; k < counts.nTrials; k++) {
      const c = counts.trials.get(k).data, r = rates.trials.get(k).data;
      for (let i = 0; i < c.length; i++) expect(r[i]).toBeCloseTo(c[i] * counts.samplerate, 8);
    }
    const dens = await psth({ latency: "maxperiod", output: "proportion", binsize: 0.1 });
    expect(hasNaN(dens)).toBe(true);
    // Syncopy: every pair integrates to 1 in trial 2 (its seed gives each pair spikes there);
    // a pair without spikes in the covered bins integrates to 0
    const cnt = await psth({ latency: "maxperiod", output: "spikecount", binsize: 0.1 });
    const trial2 = dens.trials.get(2).data as Float64Array, c2 = cnt.trials.get(2).data as Float64Array, P = dens.channel.length;
    let ones = 0;
    for (let p = 0; p < P; p++) {
      let s = 0, n = 0;
      for (let b = 0; b < trial2.length / P; b++) if (!Number.isNaN(trial2[b * P + p])) { s += trial2[b * P + p]; n += c2[b * P + p]; }
      expect(s).toBeCloseTo(n > 0 ? 1 : 0, 3);
      if (n > 0) ones++;
    }
    expect(ones).toBeGreaterThan(P / 2);
  });

  it("test_psth_exceptions", async () => {
    await expect(psth({ output: "counts" })).rejects.toThrow(/expected one of/);
    await expect(psth({ output: 12 })).rejects.toThrow(SPYValueError);
    await expect(psth({ output: 12 })).rejects.toThrow(/expected one of/);
    await expect(psth({ binsize: -0.2 })).rejects.toThrow(/expected value to be greater/);
    await expect(psth({ binsize: 0.3, latency: [0, 0.2] })).rejects.toThrow(/less or equals 0.2/);
    await expect(psth({ binsize: "sth", latency: [0, 0.2] })).rejects.toThrow(/expected one of/);
    await expect(psth({ binsize: 0.1, latency: "sth" })).rejects.toThrow(/expected one of/);
    await expect(psth({ binsize: 0.1, latency: [0.1, 0] })).rejects.toThrow(/start < end/);
    await expect(psth({ binsize: 0.1, latency: [-999, -99] })).rejects.toThrow(/end of latency window/);
    await expect(psth({ binsize: 0.1, latency: [99, 999] })).rejects.toThrow(/start of latency window/);
  });

  it("test_psth_chan_unit_mapping", async () => {
    expect(spd.column("unit").includes(1)).toBe(true);
    const counts = await psth({ output: "spikecount" });
    expect(counts.channel).toContain("channel0_unit1");
    expect(counts.channel).toContain("channel1_unit1");
    const pruned = await spy.selectdata(spd, { unit: [0, 2] });
    expect(pruned.column("unit").includes(1)).toBe(false);
    const check = async (r: TimeLockData) => {
      expect(r.channel.length).toBeLessThan(counts.channel.length);
      expect(r.channel).not.toContain("channel0_unit1");
      expect(r.channel).not.toContain("channel1_unit1");
      const full = counts.trials.get(4).data as Float64Array, mine = r.trials.get(4).data as Float64Array;
      const P = counts.channel.length, Q = r.channel.length;
      r.channel.forEach((label, q) => {
        const p = counts.channel.indexOf(label);
        for (let b = 0; b < mine.length / Q; b++) expect(Object.is(mine[b * Q + q], full[b * P + p]) || mine[b * Q + q] === full[b * P + p]).toBe(true);
      });
    };
    await check(await spike_psth(pruned, { output: "spikecount" }));
    await check(await spike_psth(spd, { output: "spikecount", select: { unit: [0, 2] } }));
  });

  it("test_parallel_selection (sequential here: parallel is accepted)", async () => {
    let counts = await psth({ latency: "minperiod", parallel: true });
    expect(hasNaN(counts)).toBe(false);
    counts = await psth({ latency: "minperiod", parallel: true, select: { channel: 0 } });
    expect(counts.channel.every((c) => !c.includes("channel1"))).toBe(true);
  });
});

describe("spike_psth bad input", () => {
  const spd = spy.synthdata.poisson_noise({ nTrials: 4, nUnits: 2, nChannels: 1, nSpikes: 2000, seed: 3 });
  it("refuses other classes, wrong flags, a latency given twice, a selection without spikes", async () => {
    const analog = new spy.AnalogData({ data: [[1], [2], [3]], samplerate: 10 });
    await expect(spike_psth(analog as never, {})).rejects.toThrow(SPYTypeError);
    await expect(spike_psth(spd, { vartriallen: 1 } as never)).rejects.toThrow(SPYTypeError);
    await expect(spike_psth(spd, { binsize: [0.1] } as never)).rejects.toThrow(SPYTypeError);
    await expect(spike_psth(spd, { latency: "minperiod", select: { latency: [0, 0.1] } })).rejects.toThrow(/either as the keyword or in select/);
    const one = new SpikeData({ data: [[5, 0, 0], [900, 0, 1]], trialdefinition: [[0, 100, 0], [800, 1000, 0]], samplerate: 1000 });
    await expect(spike_psth(one, { binsize: 0.01, select: { trials: [0], unit: "unit2" } })).rejects.toThrow(/at least one spike/);
  });
  it("select.latency is the latency", async () => {
    const a = await spike_psth(spd, { binsize: 0.01, latency: [0, 0.05] });
    const b = await spike_psth(spd, { binsize: 0.01, select: { latency: [0, 0.05] } });
    expect(Array.from(a.avg!.data)).toEqual(Array.from(b.avg!.data));
  });
});
