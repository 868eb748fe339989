/**
 * spy.timelockanalysis against numpy (test/fixtures/statistics/timelock/make_timelock.py): avg,
 * var(ddof), np.cov averaged over trials and per trial for every latency form (Syncopy's
 * semantics, trials that do not cover the window left out), and FieldTrip's vartrllength = 2
 * formulas (per-sample dof, (ss − s²/n)/(n − 1), pooled covariance) with `vartriallen: true`.
 */
import { AnalogData } from "../../src/data/analog";
import { TimeLockData } from "../../src/data/timelock";
import { NDArray } from "../../src/core/ndarray";
import { captureWarnings } from "../../src/core/warnings";
import { timelockanalysis } from "../../src/statistics/timelockanalysis";

/** timelockanalysis with its warnings (left-out trials) captured, not printed. */
const q = async (d: unknown, kw: Record<string, unknown>) => (await captureWarnings(() => timelockanalysis(d as never, kw))).result;
import { decode, Encoded, expectClose, loadFixture } from "./fixtureData";

interface SyncopyCase {
  latency: string | [number, number]; window: [number, number]; s0: number; nSamples: number; kept: number[];
  avg: Encoded; var: Record<string, Encoded>; cov: Record<string, Encoded>; covTrials: Record<string, Encoded>;
}
interface FieldTripCase {
  latency: string | [number, number]; window: [number, number]; s0: number; nSamples: number; used: number[];
  avg: Encoded; var: Encoded; dof: Encoded; cov: Encoded; trials: Encoded; nanmean: Encoded;
}
interface Fixture {
  samplerate: number; nChannels: number; trl: number[][]; trials: Encoded[]; lengths: number[];
  syncopy: SyncopyCase[]; fieldtrip: FieldTripCase[];
}

const fx = loadFixture<Fixture>("timelock/timelock.json");
const C = fx.nChannels;

function fixtureData(): AnalogData {
  const trials: NDArray[] = fx.trials.map((t, k) => ({ data: decode(t), shape: [fx.lengths[k], C], dtype: "float64" }));
  return new AnalogData({ data: trials, trialdefinition: fx.trl, samplerate: fx.samplerate });
}

const data = fixtureData();
const label = (l: unknown) => JSON.stringify(l);

async function run(kw: Record<string, unknown>): Promise<{ tl: TimeLockData; warnings: string[] }> {
  const { result, warnings } = await captureWarnings(() => timelockanalysis(data, kw));
  return { tl: result, warnings };
}

function stored(tl: TimeLockData, k: number): Float64Array {
  return Float64Array.from(tl.trials.get(k).data as ArrayLike<number>);
}

describe("Syncopy's semantics against numpy", () => {
  for (const c of fx.syncopy) {
    const ddofs = Object.keys(c.cov);
    test(`latency ${label(c.latency)}: window, kept trials, avg, var (ddof 0 and 1), cov (ddof ${ddofs.join(", ") || "0, one sample"})`, async () => {
      const first = ddofs.length === 0 || ddofs[0] === "None" ? null : Number(ddofs[0]);
      const { tl, warnings } = await run({ latency: c.latency, covariance: ddofs.length > 0, ddof: first });
      expect(tl).toBeInstanceOf(TimeLockData);
      // the dropped trials are named in a warning
      const dropped = fx.trl.map((_, k) => k).filter((k) => !c.kept.includes(k));
      if (dropped.length) {
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain(`${dropped.length} of ${fx.trl.length} trials do not cover the latency window`);
        expect(warnings[0]).toMatch(new RegExp(`trials? ${dropped.join(", ")}$`));
      } else {
        expect(warnings).toEqual([]);
      }
      // one trial (the average), on the window's time axis
      expect(tl.trialdefinition).toEqual([[0, c.nSamples, c.s0]]);
      expect(tl.timeAxis[0]).toBeCloseTo(c.s0 / fx.samplerate, 12);
      expect(tl.avg!.shape).toEqual([c.nSamples, C]);
      expectClose(tl.avg!.data, decode(c.avg), 1e-13);
      expectClose(stored(tl, 0), decode(c.avg), 1e-13);
      expectClose(tl.var!.data, decode(c.var["0"]), 1e-12);
      expect(tl.var_ddof).toBe(0);
      expect(Array.from(tl.dof!.data)).toEqual(new Array(c.nSamples * C).fill(c.kept.length));
      if (ddofs.length) {
        expect(tl.cov!.shape).toEqual([C, C]);
        expectClose(tl.cov!.data, decode(c.cov[ddofs[0]]), 1e-12);
      } else {
        // one sample: its scatter is zero (np.cov would take the one row as a variable)
        const one = await q(data, { latency: c.latency, covariance: true, ddof: 0 });
        expect(Array.from(one.cov!.data)).toEqual(new Array(C * C).fill(0));
      }
      for (const d of ddofs.slice(1)) {
        const other = await q(data, { latency: c.latency, covariance: true, ddof: d === "None" ? null : Number(d) });
        expectClose(other.cov!.data, decode(c.cov[d]), 1e-12);
      }
      const v1 = await q(data, { latency: c.latency, var_ddof: 1 });
      expectClose(v1.var!.data, decode(c.var["1"]), 1e-12);
      expect(v1.cov).toBeNull();
    });
  }

  test("keeptrials: the cut trials, their trialinfo and the per-trial np.cov", async () => {
    const c = fx.syncopy.find((k) => label(k.latency) === label([-0.1, 0.2]))!;
    const { tl } = await run({ latency: c.latency, covariance: true, keeptrials: true });
    const W = c.nSamples;
    expect(tl.nTrials).toBe(c.kept.length);
    expect(tl.is_time_locked).toBe(true);
    expect(tl.trialdefinition).toEqual(c.kept.map((k, i) => [i * W, (i + 1) * W, c.s0, k]));
    c.kept.forEach((k, i) => {
      const src = decode(fx.trials[k]);
      const off = fx.trl[k][2];
      const expected = src.subarray((c.s0 - off) * C, (c.s0 - off + W) * C);
      expect(Array.from(stored(tl, i))).toEqual(Array.from(expected));
    });
    expect(tl.cov!.shape).toEqual([c.kept.length, C, C]);
    expect(tl.cov_keeptrials).toBe(true);
    expectClose(tl.cov!.data, decode(c.covTrials.None), 1e-12);
    expectClose(tl.avg!.data, decode(c.avg), 1e-13);
  });

  test("trials and select: the same trials through the keyword and the selection; channels", async () => {
    const a = await q(data, { latency: "minperiod", trials: [5, 1, 3] });
    const b = await q(data, { latency: "minperiod", select: { trials: [5, 1, 3] } });
    expect(Array.from(a.avg!.data)).toEqual(Array.from(b.avg!.data));
    const ch = await q(data, { latency: "minperiod", select: { channel: ["channel1", "channel3"] }, covariance: true });
    const all = await q(data, { latency: "minperiod", covariance: true });
    expect(ch.channel).toEqual(["channel1", "channel3"]);
    const W = all.avg!.shape[0];
    for (let t = 0; t < W; t++) {
      expect(ch.avg!.data[t * 2]).toBe(all.avg!.data[t * 3]);
      expect(ch.avg!.data[t * 2 + 1]).toBe(all.avg!.data[t * 3 + 2]);
    }
    expectClose([ch.cov!.data[1]], [all.cov!.data[2]], 1e-14);
    // latency in select instead of the keyword
    const viaSelect = await q(data, { select: { latency: [-0.1, 0.2] } });
    const viaKeyword = await q(data, { latency: [-0.1, 0.2] });
    expect(Array.from(viaSelect.avg!.data)).toEqual(Array.from(viaKeyword.avg!.data));
    // cfg and log record the call
    expect((viaKeyword.cfg.timelockanalysis as Record<string, unknown>).latency).toEqual([-0.1, 0.2]);
    expect(viaKeyword.log).toMatch(/timelock window \[-0\.1, 0\.2\] s \(31 samples\); 5 trials \(0, 2, 4, 6, 7\); left out: 1, 3, 5/);
  });
});

describe("FieldTrip's vartrllength = 2 (vartriallen: true) against its formulas in numpy", () => {
  for (const c of fx.fieldtrip) {
    test(`latency ${label(c.latency)}: per-sample dof, avg, var (n − 1), pooled cov, NaN-padded trials`, async () => {
      const { tl, warnings } = await run({ latency: c.latency, vartriallen: true, covariance: true, keeptrials: true });
      expect(warnings).toEqual([]);
      expect(tl.var_ddof).toBe(1);
      expectClose(tl.dof!.data, decode(c.dof), 0);
      expectClose(tl.avg!.data, decode(c.avg), 1e-12);
      expectClose(tl.avg!.data, decode(c.nanmean), 1e-12);
      expectClose(tl.var!.data, decode(c.var), 1e-9);
      const padded = decode(c.trials);
      const W = c.nSamples;
      expect(tl.nTrials).toBe(c.used.length);
      for (let i = 0; i < c.used.length; i++) expectClose(stored(tl, i), padded.subarray(i * W * C, (i + 1) * W * C), 0);
      // the pooled covariance is the average (keeptrials false)
      const pooled = await q(data, { latency: c.latency, vartriallen: true, covariance: true });
      expectClose(pooled.cov!.data, decode(c.cov), 1e-12);
      expect(pooled.nTrials).toBe(1);
    });
  }

  test("vartriallen differs from Syncopy's semantics where trials cover the window in part", async () => {
    const syn = await captureWarnings(() => timelockanalysis(data, { latency: "maxperiod" }));
    const ft = await q(data, { latency: "maxperiod", vartriallen: true });
    expect(syn.result.dof!.data[0]).toBe(2);
    expect(Math.max(...Array.from(ft.dof!.data))).toBe(8);
  });
});

describe("complex and integer data", () => {
  test("complex: avg is the complex mean, var the mean of |x − mean|², cov refused", async () => {
    const re = [[1, 2], [3, -1], [0, 4]], im = [[0, 1], [-2, 2], [1, 1]];
    const trial = (k: number): NDArray => ({
      data: Float64Array.from([0, 1].flatMap((t) => [0, 1].flatMap((c) => [re[k][c] + t, im[k][c] - t]))), shape: [2, 2], dtype: "complex128",
    });
    const z = new AnalogData({ data: [trial(0), trial(1), trial(2)], samplerate: 10 });
    const tl = await q(z, {});
    expect(tl.avg!.dtype).toBe("complex128");
    // channel 0 at t = 0: values 1+0i, 3-2i, 0+1i -> mean 4/3 - 1/3 i
    expect(tl.avg!.data[0]).toBeCloseTo(4 / 3, 14);
    expect(tl.avg!.data[1]).toBeCloseTo(-1 / 3, 14);
    const d2 = [[1, 0], [3, -2], [0, 1]].map(([a, b]) => (a - 4 / 3) ** 2 + (b + 1 / 3) ** 2);
    expect(tl.var!.data[0]).toBeCloseTo(d2.reduce((a, b) => a + b) / 3, 14);
    await expect(timelockanalysis(z, { covariance: true })).rejects.toThrow(/real signals/);
  });

  test("int16 trials: float64 datasets, kept trials as stored", async () => {
    const t = (k: number): NDArray => ({ data: Int16Array.from({ length: 6 }, (_, i) => i * (k + 1)), shape: [3, 2], dtype: "int16" });
    const d = new AnalogData({ data: [t(0), t(1)], samplerate: 10 });
    const tl = await q(d, { keeptrials: true, covariance: true });
    expect(tl.avg!.dtype).toBe("float64");
    expect(Array.from(tl.avg!.data)).toEqual([0, 1.5, 3, 4.5, 6, 7.5]);
    expect(tl.trials.get(1).dtype).toBe("int16");
    // per-trial np.cov of [[0,1],[2,3],[4,5]] (k+1)²: all entries 4 (k+1)²
    expect(Array.from(tl.cov!.data)).toEqual([4, 4, 4, 4, 16, 16, 16, 16]);
  });
});

describe("bad input", () => {
  const paramOf = async (kw: Record<string, unknown>, target: unknown = data): Promise<string | undefined> => {
    try {
      await timelockanalysis(target as never, kw);
    } catch (e) {
      return `${(e as Error).name}:${(e as { param?: string }).param}`;
    }
    return undefined;
  };

  test("latency outside the data, unordered, unknown or empty", async () => {
    await expect(timelockanalysis(data, { latency: [5, 6] })).rejects.toThrow(/start of latency window < 0\.59 s/);
    await expect(timelockanalysis(data, { latency: [-9, -5] })).rejects.toThrow(/end of latency window > -0\.4 s/);
    await expect(timelockanalysis(data, { latency: [0.1, 0] })).rejects.toThrow(/start < end/);
    await expect(timelockanalysis(data, { latency: "sth" })).rejects.toThrow(/expected one of "maxperiod"/);
    await expect(timelockanalysis(data, { latency: [0.001, 0.002] })).rejects.toThrow(/at least one sample/);
    expect(await paramOf({ latency: null })).toBe("SPYTypeError:latency");
    expect(await paramOf({ latency: [0, 1, 2] })).toBe("SPYValueError:latency");
  });

  test("no trial covers the window", async () => {
    // two trials that do not overlap in time: no window spans both
    const late = new AnalogData({
      data: [{ data: new Float64Array(20), shape: [10, 2], dtype: "float64" }, { data: new Float64Array(20), shape: [10, 2], dtype: "float64" }],
      trialdefinition: [[0, 10, 0], [10, 20, 10]], samplerate: 10,
    });
    await expect(timelockanalysis(late, { latency: "maxperiod" })).rejects.toThrow(/at least one selected trial covers completely/);
    await expect(timelockanalysis(late, { latency: "minperiod" })).rejects.toThrow(/overlapping trials/);
    // with vartriallen both trials contribute
    const ft = await q(late, { latency: "maxperiod", vartriallen: true });
    expect(ft.dof!.shape).toEqual([20, 2]);
  });

  test("covariance, keeptrials, vartriallen not boolean; ddof and var_ddof invalid", async () => {
    expect(await paramOf({ covariance: "fd" })).toBe("SPYTypeError:covariance");
    await expect(timelockanalysis(data, { covariance: "fd" } as never)).rejects.toThrow(/true or false/);
    expect(await paramOf({ keeptrials: 2 })).toBe("SPYTypeError:keeptrials");
    expect(await paramOf({ vartriallen: "maybe" })).toBe("SPYTypeError:vartriallen");
    expect(await paramOf({ ddof: "2" })).toBe("SPYTypeError:ddof");
    expect(await paramOf({ ddof: -1 })).toBe("SPYValueError:ddof");
    expect(await paramOf({ ddof: 1.5 })).toBe("SPYValueError:ddof");
    expect(await paramOf({ var_ddof: -2 })).toBe("SPYValueError:var_ddof");
    // a covariance needs more samples than ddof
    expect(await paramOf({ latency: [0, 0], covariance: true })).toBe("SPYValueError:ddof");
  });

  test("trials both as keyword and selection, latency in both places, not AnalogData, unknown keyword", async () => {
    await expect(timelockanalysis(data, { trials: 0, select: { trials: [6] } })).rejects.toThrow(/either `trials != 'all'`/);
    expect(await paramOf({ latency: "minperiod", select: { latency: "maxperiod" } })).toBe("SPYValueError:latency");
    const tl = await q(data, { latency: "minperiod" });
    expect(await paramOf({}, tl)).toBe("SPYTypeError:data");
    expect(await paramOf({ covarience: true })).toBe("SPYValueError:covarience");
    expect(await paramOf({ select: { frequency: [1, 2] } })).toBe("SPYValueError:frequency");
  });
});
