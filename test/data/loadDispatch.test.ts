/**
 * spy.save and spy.load for every kind of container: spyts' Arrow containers of continuous data,
 * SpikeData/EventData tables (data/discreteio.ts, through the registry's container loaders), and
 * containers the real Syncopy wrote (io/syncopyContainer.ts, a foreign loader), all through the one
 * public call.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-load-dispatch-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const SYNCOPY = path.join(__dirname, "../fixtures/interop/syncopy");

test("spy.save / spy.load of SpikeData keep every spike, label and trial", async () => {
  const spikes = spy.synthdata.poisson_noise({ nTrials: 3, nSpikes: 200, nChannels: 2, nUnits: 3, samplerate: 1000, seed: 5 }) as spy.SpikeData;
  const dir = await spy.save(spikes, path.join(tmp, "spikes"));
  const back = await spy.load(dir);
  expect(back).toBeInstanceOf(spy.SpikeData);
  const b = back as spy.SpikeData;
  expect(b.trialdefinition).toEqual(spikes.trialdefinition);
  expect(b.unit).toEqual(spikes.unit);
  for (let k = 0; k < 3; k++) expect(Array.from(b.trials[k].data)).toEqual(Array.from(spikes.trials[k].data));
  await expect(spy.load(dir, { dataclass: "analog" })).rejects.toThrow(/SpikeData, not .analog/);
});

test("spy.load reads a container the real Syncopy wrote, as spy.load_syncopy does", async () => {
  const viaLoad = await spy.load(path.join(SYNCOPY, "analog.spy"));
  const direct = await spy.load_syncopy(path.join(SYNCOPY, "analog.spy"));
  expect(viaLoad.className).toBe("AnalogData");
  expect(viaLoad.trialdefinition).toEqual(direct.trialdefinition);
  expect(Array.from(viaLoad.trials[0].data)).toEqual(Array.from(direct.trials[0].data));
});

test("spy.load still reads spyts' own containers", async () => {
  const data = spy.synthdata.white_noise({ nTrials: 2, nSamples: 50, nChannels: 2, seed: 1 }) as spy.AnalogData;
  const dir = await spy.save(data, path.join(tmp, "noise"));
  const back = await spy.load<spy.AnalogData>(dir);
  expect(Array.from(back.trials[1].data)).toEqual(Array.from(data.trials[1].data));
});
