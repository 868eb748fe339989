/** save -> load round trips everything; damaged containers fail loudly; replay after load is exact. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-io-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function bytesOf(a: spy.NDArray): Buffer {
  return Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}

describe("save / load", () => {
  const data = spy.synthdata.white_noise({ nTrials: 6, nSamples: 250, nChannels: 3, seed: 3, samplerate: 250 }) as spy.AnalogData;

  test("AnalogData round trip: data, labels, trialdefinition, cfg, log, info", async () => {
    data.info = { subject: "m01", gain: 2.5 };
    const file = path.join(tmp, "raw.spy");
    await data.save(file);
    expect(fs.existsSync(path.join(file, "raw.analog"))).toBe(true);
    expect(fs.existsSync(path.join(file, "raw.analog.info"))).toBe(true);
    const back = (await spy.load(file)) as spy.AnalogData;
    expect(back).toBeInstanceOf(spy.AnalogData);
    expect(back.channel).toEqual(data.channel);
    expect(back.samplerate).toBe(250);
    expect(back.trialdefinition).toEqual(data.trialdefinition);
    expect(back.info).toEqual({ subject: "m01", gain: 2.5 });
    for (let k = 0; k < 6; k++) expect(bytesOf(back.trials.get(k)).equals(bytesOf(data.trials.get(k)))).toBe(true);
    expect(back.log).toMatch(/Read files/);
  });

  test("SpectralData: freq, taper, cfg survive, and replay after load is bit-identical", async () => {
    const spec = await spy.freqanalysis(data, { tapsmofrq: 8, keeptapers: true, output: "fourier", foilim: [0, 60] });
    spec.metadata = { note: [1, 2, 3], big: Infinity };
    const file = path.join(tmp, "spec.spy");
    await spec.save(file);
    const back = (await spy.load(file)) as spy.SpectralData;
    expect(back).toBeInstanceOf(spy.SpectralData);
    expect(Array.from(back.freq)).toEqual(Array.from(spec.freq));
    expect(back.taper).toEqual(spec.taper);
    expect(back.cfg).toEqual(spec.cfg);
    expect(back.metadata).toEqual({ note: [1, 2, 3], big: Infinity });
    const replay = await spy.freqanalysis(data, back.cfg);
    for (let k = 0; k < spec.trials.length; k++) {
      expect(bytesOf(replay.trials.get(k)).equals(bytesOf(back.trials.get(k)))).toBe(true);
    }
  });

  test("refuses to overwrite unless told; overwrite replaces atomically", async () => {
    const file = path.join(tmp, "twice.spy");
    await data.save(file);
    const historyBefore = data.history;
    await expect(data.save(file)).rejects.toThrow(/twice\.spy/);
    // a failed save leaves no "Wrote files" entry behind
    expect(data.history).toBe(historyBefore);
    const spec = await spy.freqanalysis(data, {});
    await spec.save(file, { overwrite: true });
    expect(await spy.load(file)).toBeInstanceOf(spy.SpectralData);
    expect(fs.readdirSync(tmp).filter((f) => f.includes("tmp-"))).toEqual([]);
  });

  test("truncated, tampered, incomplete containers: clear errors", async () => {
    const file = path.join(tmp, "bad.spy");
    await data.save(file);
    const arrow = path.join(file, "bad.analog");
    const original = fs.readFileSync(arrow);
    // one byte flipped in the middle, same size: only the checksum can tell
    const flipped = Buffer.from(original);
    flipped[Math.floor(flipped.length / 2)] ^= 0xff;
    fs.writeFileSync(arrow, flipped);
    await expect(spy.load(file)).rejects.toThrow(/checksum/);
    // truncated
    fs.writeFileSync(arrow, original.subarray(0, original.length - 100));
    await expect(spy.load(file)).rejects.toThrow(/truncated|size|bytes/);
    // sidecar missing
    fs.writeFileSync(arrow, original);
    fs.unlinkSync(path.join(file, "bad.analog.info"));
    await expect(spy.load(file)).rejects.toThrow(/bad\.spy|sidecar|info/);
    await expect(spy.load(path.join(tmp, "missing.spy"))).rejects.toThrow(/missing\.spy/);
    await expect(spy.load(path.join(tmp, "x.txt"))).rejects.toThrow(/filename.*\.spy/);
  });
});

describe("temporary storage", () => {
  test("its size is reported, and going over the limit warns", async () => {
    const before = spy.storageSize();
    const { warnings, result } = await spy.captureWarnings(() => {
      spy.setStorageLimit(1);  // one byte: anything more is over
      try {
        return new spy.AnalogData({ data: [{ data: new Float64Array(1000), shape: [500, 2], dtype: "float64" }], samplerate: 10 });
      } finally {
        spy.setStorageLimit(null);
      }
    });
    expect(spy.storageSize()).toBeGreaterThan(before);
    expect(warnings.join("\n")).toMatch(/temporary storage .* more than the limit/);
    expect(fs.existsSync(result.storage!.path)).toBe(true);
  });
});
