/**
 * TimeLockData: construction from arrays, the time-locking rule, its datasets, save -> load of
 * everything it carries (trials, avg, var, dof, cov per trial, ddofs, labels, cfg, log), the
 * summary, and selections on its trials.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TimeLockData } from "../../src/data/timelock";
import { AnalogData } from "../../src/data/analog";
import { load } from "../../src/data/io";
import { NDArray } from "../../src/core/ndarray";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";
import { timelockanalysis } from "../../src/statistics/timelockanalysis";
import { selectdata } from "../../src/data/methods/selectdata";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-timelock-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const bytes = (a: NDArray): Buffer => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);

/** 5 trials of 40 samples and 3 channels, offsets varying so that latency [-0.1, 0.2] drops some. */
function analog(): AnalogData {
  const fs_ = 100;
  const offsets = [-20, -5, -15, -30, 0];
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
  const trials = offsets.map(() => ({ data: Float64Array.from({ length: 40 * 3 }, rand), shape: [40, 3], dtype: "float64" as const }));
  return new AnalogData({
    data: trials, samplerate: fs_, channel: ["Fz", "Cz", "Pz"],
    trialdefinition: offsets.map((o, k) => [40 * k, 40 * (k + 1), o, 10 + k]),
  });
}

describe("TimeLockData", () => {
  test("from arrays: avg alone is the one trial; datasets are checked against it", () => {
    const avg = { data: Float64Array.from({ length: 8 }, (_, i) => i), shape: [4, 2], dtype: "float64" as const };
    const tl = new TimeLockData({ avg, var: { ...avg, data: new Float64Array(8).fill(2) }, samplerate: 10, trialdefinition: [[0, 4, -2]], var_ddof: 1 });
    expect(tl.nTrials).toBe(1);
    expect(Array.from(tl.trials.get(0).data)).toEqual(Array.from(avg.data));
    expect(Array.from(tl.timeAxis)).toEqual([-0.2, -0.1, 0, 0.1]);
    expect(tl.var_ddof).toBe(1);
    expect(tl.cov).toBeNull();
    expect(tl.datasetNames()).toEqual(["avg", "var"]);
    expect(() => new TimeLockData({ avg, var: { data: new Float64Array(6), shape: [3, 2], dtype: "float64" }, samplerate: 10 })).toThrow(/\[4, 2\] \(time x channel/);
    expect(() => new TimeLockData({ avg, cov: [[1, 2, 3]], samplerate: 10 })).toThrow(SPYValueError);
    expect(() => new TimeLockData({ avg, cov: "x" as never, samplerate: 10 })).toThrow(SPYTypeError);
    expect(() => new TimeLockData({ avg, var_ddof: -1, samplerate: 10 })).toThrow(/var_ddof/);
    expect(() => new TimeLockData({ avg, samplerate: 10, toi: 1 } as never)).toThrow(/toi/);
    expect(new TimeLockData().avg).toBeNull();
  });

  test("trials must be time-locked: equal lengths and one offset (Syncopy's trialdefinition setter)", () => {
    const trial = { data: new Float64Array(20), shape: [10, 2], dtype: "float64" as const };
    const ok = new TimeLockData({ data: [trial, trial], samplerate: 10 });
    expect(ok.is_time_locked).toBe(true);
    expect(() => new TimeLockData({ data: [trial, trial], samplerate: 10, trialdefinition: [[0, 10, 0], [10, 20, -2]] })).toThrow(/time-locked/);
    expect(() => { ok.trialdefinition = [[0, 10, 0], [10, 15, 0]]; }).toThrow(/equally long trials/);
    ok.trialdefinition = [[0, 5, 1], [10, 15, 1]];
    expect(ok.nTrials).toBe(2);
  });

  test("save -> load keeps the trials, every dataset, the ddofs, labels, trialdefinition, cfg and log", async () => {
    const { result: tl } = await captureWarnings(() => timelockanalysis(analog(), { latency: [-0.05, 0.1], covariance: true, ddof: 2, keeptrials: true }));
    expect(tl.nTrials).toBe(3); // trial 3 ends at 0.09 s, trial 4 starts at 0 s: both left out
    const file = path.join(tmp, "erp");
    const where = await tl.save(file);
    expect(fs.readdirSync(where).sort()).toEqual(["erp.timelock", "erp.timelock.avg", "erp.timelock.avg.info", "erp.timelock.cov", "erp.timelock.cov.info",
      "erp.timelock.dof", "erp.timelock.dof.info", "erp.timelock.info", "erp.timelock.var", "erp.timelock.var.info"]);
    const back = (await load(where)) as TimeLockData;
    expect(back).toBeInstanceOf(TimeLockData);
    expect(back.channel).toEqual(["Fz", "Cz", "Pz"]);
    expect(back.samplerate).toBe(100);
    expect(back.trialdefinition).toEqual(tl.trialdefinition);
    expect(back.trialinfo).toEqual([[10], [11], [12]]);
    for (let k = 0; k < tl.nTrials; k++) expect(bytes(back.trials.get(k)).equals(bytes(tl.trials.get(k)))).toBe(true);
    for (const name of ["avg", "var", "dof", "cov"] as const) {
      const a = tl[name]!, b = back[name]!;
      expect(b.shape).toEqual(a.shape);
      expect(b.dtype).toBe(a.dtype);
      expect(bytes(b).equals(bytes(a))).toBe(true);
    }
    expect(back.cov!.shape).toEqual([3, 3, 3]);
    expect(back.cov_keeptrials).toBe(true);
    expect(back.var_ddof).toBe(0);
    expect(back.cov_ddof).toBe(2);
    expect(back.cfg).toEqual(tl.cfg);
    expect(back.log).toContain("timelock window [-0.05, 0.1] s (16 samples)");
    expect(back.log).toMatch(/Read files/);
    // and spy.load's dataclass filter knows the class
    const again = (await load(where, { dataclass: "timelock" })) as TimeLockData;
    expect(again.avg!.shape).toEqual([16, 3]);
  });

  test("the summary lists the time axis and each dataset with its shape and estimator", async () => {
    const { result: tl } = await captureWarnings(() => timelockanalysis(analog(), { latency: [-0.05, 0.1], covariance: true }));
    const text = tl.summary();
    expect(text).toMatch(/^spyts TimeLockData/);
    expect(text).toMatch(/\n\s+time : 16: -0\.05 … 0\.1 s \(every trial\)/);
    expect(text).toMatch(/\n\s+avg : \[16, 3\] float64 \(time × channel\)/);
    expect(text).toMatch(/\n\s+var : \[16, 3\] float64 \(time × channel, ddof 0\)/);
    expect(text).toMatch(/\n\s+dof : \[16, 3\] float64 \(time × channel, 3 trials everywhere\)/);
    expect(text).toMatch(/\n\s+cov : \[3, 3\] float64 \(channel × channel, ddof N − 1\)/);
    // the dataset rows line up with the others
    const colons = text.split("\n").slice(1).filter((l) => l.includes(" : ")).map((l) => l.indexOf(" : "));
    expect(new Set(colons).size).toBe(1);
    const html = tl.summaryHTML();
    expect(html).toContain(">cov</th>");
    expect(html).toContain("[3, 3] float64 (channel × channel, ddof N − 1)");
  });

  test("selections on its trials: trials, channel, latency (show and selectdata)", async () => {
    const { result: tl } = await captureWarnings(() => timelockanalysis(analog(), { latency: [-0.05, 0.1], keeptrials: true }));
    const one = tl.show({ trials: 2, channel: "Cz", latency: [0, 0.05] }) as NDArray;
    expect(one.shape).toEqual([6]);
    const full = tl.trials.get(2);
    expect(Array.from(one.data)).toEqual([5, 6, 7, 8, 9, 10].map((i) => full.data[i * 3 + 1]));
    expect(() => tl.show({ frequency: [1, 2] } as never)).toThrow(/frequency/);
    // selectdata keeps the class and the selected trials, not the datasets (as Syncopy's selectdata)
    const sub = (await captureWarnings(() => selectdata(tl, { trials: [2, 0], channel: ["Cz"], latency: [0, 0.05] }))).result as TimeLockData;
    expect(sub).toBeInstanceOf(TimeLockData);
    expect(sub.nTrials).toBe(2);
    expect(sub.channel).toEqual(["Cz"]);
    expect(Array.from(sub.trials.get(0).data)).toEqual(Array.from(one.data));
    expect(sub.avg).toBeNull();
  });
});
