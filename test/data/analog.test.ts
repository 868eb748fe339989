import * as spy from "../../src";
import { SPYValueError } from "../../src/core/errors";

function ramp(nSamples: number, nChannels: number, scale = 1): spy.NDArray {
  const data = new Float64Array(nSamples * nChannels);
  for (let t = 0; t < nSamples; t++) for (let c = 0; c < nChannels; c++) data[t * nChannels + c] = scale * (t * 10 + c);
  return { data, shape: [nSamples, nChannels], dtype: "float64" };
}

describe("AnalogData construction", () => {
  test("from a list of trials: Syncopy's default offset of -1 s and labels", () => {
    const d = new spy.AnalogData({ data: [ramp(100, 3), ramp(50, 3, 2)], samplerate: 100 });
    expect(d.dimord).toEqual(["time", "channel"]);
    expect(d.trials.length).toBe(2);
    expect(d.trialdefinition).toEqual([[0, 100, -100], [100, 150, -100]]);
    expect(d.sampleinfo).toEqual([[0, 100], [100, 150]]);
    expect(d.channel).toEqual(["channel1", "channel2", "channel3"]);
    expect(d.time[1][0]).toBe(-1);
    expect(d.time[1].length).toBe(50);
    expect(d.shape).toEqual([150, 3]);
    const t1 = d.trials.get(1);
    expect(t1.shape).toEqual([50, 3]);
    expect(t1.data[3 * 7 + 2]).toBe(2 * (70 + 2));
  });

  test("default labels are zero-padded to the width of N", () => {
    const d = new spy.AnalogData({ data: [ramp(4, 12)], samplerate: 1 });
    expect(d.channel[0]).toBe("channel01");
    expect(d.channel[11]).toBe("channel12");
  });

  test("from nested number arrays (list of trials) and a stacked array with a trialdefinition", () => {
    const nested = [[[1, 2], [3, 4], [5, 6]]];
    const a = new spy.AnalogData({ data: nested, samplerate: 10, channel: ["x", "y"] });
    expect(Array.from(a.trials.get(0).data)).toEqual([1, 2, 3, 4, 5, 6]);
    const stacked = ramp(100, 2);
    const b = new spy.AnalogData({ data: stacked, samplerate: 10, trialdefinition: [[0, 40, -10, 7], [30, 100, 0, 8]] });
    expect(b.trials.length).toBe(2);
    expect(b.trialinfo).toEqual([[7], [8]]);
    expect(b.trials.get(1).data[0]).toBe(300);  // overlapping trials are cut from the same samples
    expect(b.time[0][0]).toBe(-1);
    const whole = new spy.AnalogData({ data: stacked, samplerate: 10 });
    expect(whole.trialdefinition).toEqual([[0, 100, 0]]);
  });

  test("from a generator: streamed, equal to the list form", () => {
    function* gen() { for (let k = 0; k < 5; k++) yield ramp(20, 2, k + 1); }
    const d = new spy.AnalogData({ data: gen(), samplerate: 20 });
    expect(d.trials.length).toBe(5);
    expect(Array.from(d.trials.get(4).data)).toEqual(Array.from(ramp(20, 2, 5).data));
  });

  test("bad input names the parameter", () => {
    expect(() => new spy.AnalogData({ data: [ramp(10, 2)], samplerate: -1 })).toThrow(/samplerate/);
    expect(() => new spy.AnalogData({ data: [ramp(10, 2)] })).toThrow(/samplerate/);
    expect(() => new spy.AnalogData({ data: [ramp(10, 2), ramp(10, 3)], samplerate: 1 })).toThrow(/data/);
    expect(() => new spy.AnalogData({ data: ramp(10, 2), samplerate: 1, trialdefinition: [[0, 11, 0]] })).toThrow(/trialdefinition.*stop <= 10/);
    expect(() => new spy.AnalogData({ data: ramp(10, 2), samplerate: 1, trialdefinition: [[5, 3, 0]] })).toThrow(SPYValueError);
    expect(() => new spy.AnalogData({ data: [ramp(10, 2)], samplerate: 1, channel: ["a"] })).toThrow(/channel/);
    // repeated channel names are allowed, as in Syncopy (test/data/parity.test.ts)
    expect(new spy.AnalogData({ data: [ramp(10, 2)], samplerate: 1, channel: ["a", "a"] }).channel).toEqual(["a", "a"]);
    expect(() => new spy.AnalogData({ data: [ramp(10, 2)], samplerate: 1, dimord: ["channel", "time"] })).toThrow(/dimord/);
    expect(() => new spy.AnalogData({ data: [{ data: new Float64Array([1, Infinity]), shape: [1, 2], dtype: "float64" }], samplerate: 1 })).toThrow(/finite/);
    expect(() => new spy.AnalogData({ data: new Float64Array(4) as never, samplerate: 1 })).toThrow(/NDArray/);
  });
});

describe("selection and show", () => {
  const d = new spy.AnalogData({ data: [ramp(100, 4), ramp(100, 4, 2), ramp(60, 4, 3)], samplerate: 100 });

  test("trials, channel names/indices/slices, latency", () => {
    const one = d.show({ trials: 1, channel: ["channel2"], latency: [-1, -0.9] }) as spy.NDArray;
    // samples -1.00 .. -0.90 inclusive: 11 samples of channel index 1, squeezed
    expect(one.shape).toEqual([11]);
    expect(one.data[10]).toBe(2 * (100 + 1));
    const sl = d.show({ trials: [0], channel: { start: 1, stop: 4, step: 2 }, squeeze: false }) as spy.NDArray;
    expect(sl.shape).toEqual([100, 2]);
    expect(sl.data[1]).toBe(3);
    const many = d.show({ trials: [2, 0], channel: [3, 0] }) as spy.NDArray[];
    expect(many.length).toBe(2);
    expect(many[0].data[0]).toBe(3 * 3);
  });

  test("latency drops trials that do not cover the window", () => {
    const res = d.show({ latency: [-0.5, -0.1] }) as spy.NDArray[];
    expect(res.length).toBe(2); // trial 2 ends at -0.41 s
    const cut = d.show({ latency: [-0.5, -0.42] }) as spy.NDArray[];
    expect(cut.length).toBe(3);
    expect(cut[2].shape).toEqual([9, 4]);
    const late = d.show({ latency: [-0.2, -0.01] }) as spy.NDArray[];
    expect(late.length).toBe(2); // trial 2 ends at -0.41 s
    expect(() => d.show({ latency: [5, 6] })).toThrow(/latency/);
    expect(() => d.show({ latency: [0.5, 0.1] })).toThrow(/t0 < t1/);
  });

  test("bad selections name the keyword", () => {
    expect(() => d.show({ trials: [3] })).toThrow(/trials.*\[0, 2\]/);
    expect(() => d.show({ channel: "nope" })).toThrow(/channel/);
    expect((d.show({ trials: 0, channel: [0, 0] }) as spy.NDArray).shape).toEqual([100, 2]);  // repeats kept, as in Syncopy
    expect(() => d.show({ frequency: [1, 2] } as never)).toThrow(/'frequency' is an unknown keyword of AnalogData\.show; the keywords are: trials, channel, latency, squeeze/);
  });

  test("selectdata copies the selection with a rebuilt trialdefinition", async () => {
    const s = await spy.selectdata(d, { trials: [2, 0], channel: ["channel4"], latency: [-0.9, -0.5] });
    expect(s.trials.length).toBe(2);
    expect(s.trialdefinition).toEqual([[0, 41, -90], [41, 82, -90]]);
    expect((s as spy.AnalogData).channel).toEqual(["channel4"]);
    const t0 = s.trials.get(0);
    expect(t0.shape).toEqual([41, 1]);
    expect(t0.data[0]).toBe(3 * (10 * 10 + 3));
    expect(s.cfg.selectdata).toBeDefined();
  });
});
