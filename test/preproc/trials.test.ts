/** definetrial (in place, views over the stored data) and redefinetrial (a streamed copy). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";

/** One continuous recording, value = 10 * sample + channel, so every window is recognisable. */
function recording(n = 1000, C = 2): spy.AnalogData {
  const data = new Float64Array(n * C);
  for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) data[i * C + c] = 10 * i + c;
  return new spy.AnalogData({ data: { data, shape: [n, C], dtype: "float64" }, samplerate: 100 });
}

const firstSample = (d: spy.BaseData, k: number): number => d.trials.get(k).data[0] / 10;

async function errorOf(p: Promise<unknown> | (() => unknown)): Promise<spy.SPYValueError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return e as spy.SPYValueError;
  }
  throw new Error("expected an error");
}

describe("definetrial", () => {
  test("cuts a recording into trials without copying, across old trial borders, and back to one trial", async () => {
    const rec = recording();
    expect(rec.trialdefinition).toEqual([[0, 1000, 0]]);
    spy.definetrial(rec, [[100, 300, -50, 7], [250, 400, 0, 8]]);
    expect(rec.trials.length).toBe(2);
    expect(rec.trialinfo).toEqual([[7], [8]]);
    expect(firstSample(rec, 0)).toBe(100);
    expect(firstSample(rec, 1)).toBe(250);
    expect(rec.time[0][0]).toBeCloseTo(-0.5, 12);
    expect(rec.log).toContain("updated trial-definition with [2 x 4] element array");
    // the whole recording is still there for another definition
    spy.definetrial(rec, { trialdefinition: [[0, 500, 0], [500, 1000, 0]] });
    spy.definetrial(rec, [[450, 550, 0]]);            // crosses the border of two stored trials? no: views of the original
    expect(Array.from(rec.trials.get(0).data.slice(0, 4))).toEqual([4500, 4501, 4510, 4511]);
    spy.definetrial(rec, null);
    expect(rec.trialdefinition).toEqual([[0, 1000, 0]]);
    // computing and saving work on the views
    spy.definetrial(rec, [[100, 300, 0], [300, 500, 0]]);
    const f = await spy.preprocessing(rec, { freq: 20 });
    expect(f.trials.get(1).shape).toEqual([200, 2]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-defn-"));
    await rec.save(path.join(dir, "rec.spy"));
    const back = await spy.load(path.join(dir, "rec.spy"));
    expect(back.trialdefinition).toEqual([[100, 300, 0], [300, 500, 0]]);
    expect(firstSample(back, 1)).toBe(300);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a window across two stored trials reads both", () => {
    const trials = [0, 1].map((k) => ({ data: Float64Array.from({ length: 100 }, (_, i) => 1000 * k + i), shape: [100, 1], dtype: "float64" as const }));
    const d = new spy.AnalogData({ data: trials, samplerate: 100 });
    spy.definetrial(d, [[90, 110, 0]]);
    expect(Array.from(d.trials.get(0).data)).toEqual([...Array.from({ length: 10 }, (_, i) => 90 + i), ...Array.from({ length: 10 }, (_, i) => 1000 + i)]);
  });

  test("windows outside the data, EventData keywords and unknown keywords are errors", async () => {
    const rec = recording();
    let e = await errorOf(() => spy.definetrial(rec, [[900, 1100, 0]]));
    expect(e.param).toBe("trialdefinition");
    // a stacked array keeps every sample (as Syncopy does): windows between its trials are fine
    const stacked = new spy.AnalogData({ data: { data: new Float64Array(100), shape: [100, 1], dtype: "float64" }, trialdefinition: [[0, 10, 0], [50, 60, 0]], samplerate: 10 });
    expect(spy.definetrial(stacked, [[5, 55, 0]]).trials.get(0).shape).toEqual([50, 1]);
    // trials given as a list hold only their own samples
    const piece = { data: new Float64Array(10), shape: [10, 1], dtype: "float64" as const };
    const gappy = new spy.AnalogData({ data: [piece, piece], trialdefinition: [[0, 10, 0], [50, 60, 0]], samplerate: 10 });
    e = await errorOf(() => spy.definetrial(gappy, [[5, 55, 0]]));
    expect(e.message).toMatch(/sample 10/);
    // event keywords need the EventData whose codes they name
    e = await errorOf(() => spy.definetrial(rec, { trialdefinition: null, trigger: 3 }));
    expect(e.param).toBe("trialdefinition");
    expect(e.message).toMatch(/an EventData object/);
    e = await errorOf(() => spy.definetrial(rec, { trl: [[0, 1, 0]] }));
    expect(e.param).toBe("trl");
  });
});

describe("redefinetrial", () => {
  const base = (): spy.AnalogData => spy.definetrial(recording(), [[0, 200, -100], [200, 350, -100], [400, 700, -100]]) as spy.AnalogData;

  test("toilim keeps the trials that cover the window, cut to it", async () => {
    const { result: out, warnings } = await spy.captureWarnings(() => spy.redefinetrial(base(), { toilim: [0, 0.8] }));
    expect(warnings.join()).toMatch(/1 trial/);
    expect(out.trialdefinition).toEqual([[0, 81, 0], [81, 162, 0]]);
    expect(firstSample(out, 0)).toBe(100);
    expect(firstSample(out, 1)).toBe(500);
    expect(out.cfg.redefinetrial).toMatchObject({ toilim: [0, 0.8] });
  });

  test("trials, minlength, begsample/endsample, trl and offset", async () => {
    const b = base();
    const t = await spy.redefinetrial(b, { trials: [2, 0] });
    expect(t.trialdefinition).toEqual([[0, 300, -100], [300, 500, -100]]);
    expect(firstSample(t, 0)).toBe(400);
    const m = await spy.redefinetrial(b, { minlength: 1.6 });
    expect(m.trials.length).toBe(2);
    expect(firstSample(m, 1)).toBe(400);
    const mx = await spy.redefinetrial(b, { minlength: "maxperlen" });
    expect(mx.trials.length).toBe(1);
    const bs = await spy.redefinetrial(b, { begsample: 10, endsample: 20, offset: 5 });
    expect(bs.trialdefinition).toEqual([[10, 20, 5], [210, 220, 5], [410, 420, 5]]);
    expect(firstSample(bs, 2)).toBe(410);
    const trl = await spy.redefinetrial(b, { trl: [[150, 250, 0], [420, 430, -3]] });
    expect(firstSample(trl, 0)).toBe(150);  // across the stored trial border at 200
    expect(Array.from(trl.trials.get(0).data).length).toBe(200);
    const off = await spy.redefinetrial(b, { offset: [0, -10, -20] });
    expect(off.time[2][0]).toBeCloseTo(-0.2, 12);
    // the input is unchanged (a copy)
    expect(b.trialdefinition[0]).toEqual([0, 200, -100]);
  });

  test("windows outside the data and conflicting keywords are errors naming the parameter", async () => {
    const b = base();
    // the recording's 1000 samples are all held (Syncopy copies the whole dataset): rows between or
    // beyond the current trials are fine, rows past the recording are not
    let e = await errorOf(spy.redefinetrial(b, { trl: [[900, 1100, 0]] }));
    expect(e.param).toBe("trl");
    expect(e.message).toMatch(/inside the data/);
    expect(firstSample(await spy.redefinetrial(b, { trl: [[360, 380, 0]] }), 0)).toBe(360);
    e = await errorOf(spy.redefinetrial(b, { begsample: 0, endsample: 700 }));   // trial 2 would end at 1100
    expect(e.param).toBe("endsample");
    e = await errorOf(spy.redefinetrial(b, { toilim: [5, 6] }));
    expect(e.param).toBe("toilim");
    e = await errorOf(spy.redefinetrial(b, { toilim: [0, 1], minlength: 1 }));
    expect(e.message).toMatch(/only one of/);
    e = await errorOf(spy.redefinetrial(b, { endsample: 3 }));
    expect(e.param).toBe("begsample");
    e = await errorOf(spy.redefinetrial(b, { trials: [5] }));
    expect(e.param).toBe("trials");
    e = await errorOf(spy.redefinetrial(b, { latency: [0, 1] }));
    expect(e.param).toBe("latency");
  });
});
