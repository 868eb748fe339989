import * as fs from "fs";
import * as path from "path";
import * as spy from "../../src";
import { makeValues, tmpDir, writeRaw } from "./helpers";

const dir = tmpDir();
afterAll(async () => { await spy.shutdown(); fs.rmSync(dir, { recursive: true, force: true }); });
const nObs = 2000, nCh = 5, fs_ = 1000;
const values = makeValues(nObs, nCh, 3);
const trl = [[100, 600, -50], [550, 1050, 0], [1400, 2000, -100]];

function inMemory(dtype: "int16" | "float32", scale = 1): spy.AnalogData {
  const a = dtype === "int16" ? new Int16Array(nObs * nCh) : new Float32Array(nObs * nCh);
  values.forEach((row, t) => row.forEach((v, c) => { a[t * nCh + c] = v * scale; }));
  return new spy.AnalogData({ data: { data: a, shape: [nObs, nCh], dtype }, samplerate: fs_ });
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  let max = 0, worst = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst).toBeLessThanOrEqual(1e-6 * max);
}

async function mtmfft(obj: spy.AnalogData) {
  return spy.freqanalysis(obj, { method: "mtmfft", taper: "hann", keeptrials: true, output: "pow" } as never);
}

describe.each(["samples", "channels"] as const)("load_raw, %s order", (order) => {
  const file = writeRaw(path.join(dir, `rec_${order}.dat`), values, "int16", order);
  const before = { bytes: fs.readFileSync(file), mtime: fs.statSync(file).mtimeMs };

  test("definetrial + mtmfft equal the same on an in-memory AnalogData; save/load round trip; raw file untouched", async () => {
    const raw = spy.load_raw(file, { dtype: "int16", n_channels: nCh, samplerate: fs_, data_order: order });
    expect(raw.dtype).toBe("int16");
    expect(raw.shape).toEqual([nObs, nCh]);
    expect(raw.trialdefinition).toEqual([[0, nObs, 0]]);
    expect(raw.storage).toEqual({ path: file, temporary: false });
    expect(raw.channel).toEqual(["channel1", "channel2", "channel3", "channel4", "channel5"]);
    expect(Array.from(raw.trials.get(0).data.subarray(0, nCh))).toEqual(values[0]);

    const mem = inMemory("int16");
    spy.definetrial(raw, trl);
    spy.definetrial(mem, trl);
    expect(Array.from(raw.trials.get(2).data)).toEqual(Array.from(mem.trials.get(2).data));
    const [a, b] = [await mtmfft(raw), await mtmfft(mem)];
    expect(a.trials.length).toBe(3);
    for (let k = 0; k < 3; k++) expectClose(a.trials.get(k).data, b.trials.get(k).data);

    // save streams a real .spy copy; loading it gives the same trials
    const saved = await raw.save(path.join(dir, `copy_${order}.spy`));
    const back = (await spy.load(saved)) as spy.AnalogData;
    expect(back.trialdefinition).toEqual(raw.trialdefinition);
    expect(back.storage!.path).not.toBe(file);
    for (let k = 0; k < 3; k++) expect(Array.from(back.trials.get(k).data)).toEqual(Array.from(raw.trials.get(k).data));
    expect(raw.storage!.path).toBe(file);

    // saving the untouched whole-recording object also copies (the raw file is not an Arrow file)
    const whole = spy.load_raw(file, { dtype: "int16", n_channels: nCh, samplerate: fs_, data_order: order });
    const back2 = (await spy.load(await whole.save(path.join(dir, `whole_${order}.spy`)))) as spy.AnalogData;
    expect(Array.from(back2.trials.get(0).data)).toEqual(Array.from(Int16Array.from(values.flat())));

    expect(fs.readFileSync(file).equals(before.bytes)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtime);
  });

  test("scale gives float32 trials", async () => {
    const raw = spy.load_raw(file, { dtype: "int16", n_channels: nCh, samplerate: fs_, data_order: order, scale: 0.195 });
    expect(raw.dtype).toBe("float32");
    const mem = inMemory("float32", 0.195);
    spy.definetrial(raw, trl);
    spy.definetrial(mem, trl);
    expect(Array.from(raw.trials.get(1).data)).toEqual(Array.from(mem.trials.get(1).data));
    const [a, b] = [await mtmfft(raw), await mtmfft(mem)];
    for (let k = 0; k < 3; k++) expectClose(a.trials.get(k).data, b.trials.get(k).data);
  });
});

test("parameters from the YAML sidecar (samplerate too), and clear errors", () => {
  const file = writeRaw(path.join(dir, "side.bin"), values, "float32", "channels");
  spy.writeSidecar(file, { dtype: "float32", n_channels: nCh, data_order: "channels", samplerate: 500 });
  const raw = spy.load_raw(file);
  expect([raw.dtype, raw.samplerate, raw.shape]).toEqual(["float32", 500, [nObs, nCh]]);
  expect(Array.from(raw.trials.get(0).data.subarray(nCh, 2 * nCh))).toEqual(values[1]);

  const bare = writeRaw(path.join(dir, "bare.bin"), values, "int16", "samples");
  const param = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as spy.SPYValueError).param; } return null; };
  expect(param(() => spy.load_raw(bare, { dtype: "int16", n_channels: nCh }))).toBe("samplerate");
  expect(param(() => spy.load_raw(bare, { n_channels: nCh, samplerate: 1 }))).toBe("dtype");
  expect(param(() => spy.load_raw(bare, { dtype: "int16", n_channels: 3, samplerate: 1 }))).toBe("n_channels");
  expect(param(() => spy.load_raw(bare, { dtype: "int16", n_channels: nCh, samplerate: 1, scale: [1, 2] }))).toBe("scale");
  expect(param(() => spy.load_raw(bare, { dtype: "int16", n_channels: nCh, samplerate: 1, channel: ["a"] }))).toBe("channel");
  expect(param(() => spy.load_raw(bare, { dtype: "int16", n_channels: nCh, samplerate: 1, chanel: ["a"] } as never))).toBe("chanel");
  expect(() => spy.load_raw(path.join(dir, "missing.bin"), { dtype: "int16", n_channels: 1, samplerate: 1 })).toThrow(spy.SPYIOError);
});
