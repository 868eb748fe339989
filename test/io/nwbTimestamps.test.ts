/**
 * Series stored with `timestamps` instead of `starting_time` + `rate`, in a file the real pynwb
 * 2.3.1 wrote (fixtures/interop/made/make_timestamps_series.py, ground truth
 * timestamps_series.json): a regularly stamped ElectricalSeries is AnalogData at the rate its
 * stamps give; one with a gap and a SpikeEventSeries are skipped, each with a warning naming it and
 * why; a TTL-like TimeSeries of codes stays EventData. Before, such a file failed to load as a whole
 * (the ElectricalSeries was taken for events).
 */
import * as fs from "fs";
import * as path from "path";
import { load_nwb } from "../../src/io/nwbRead";
import { AnalogData } from "../../src/data/analog";
import { EventData } from "../../src/data/event";
import { captureWarnings } from "../../src/core/warnings";

const DIR = path.join(__dirname, "../fixtures/interop/made");
const truth = JSON.parse(fs.readFileSync(path.join(DIR, "timestamps_series.json"), "utf8"));

test("a regularly stamped ElectricalSeries is AnalogData; a gapped one and a SpikeEventSeries are skipped with warnings", async () => {
  const { result, warnings } = await captureWarnings(() => load_nwb(path.join(DIR, truth.file)));
  expect(Object.keys(result).sort()).toEqual(["regular_ts", "ttl"]);

  const a = result.regular_ts as AnalogData;
  expect(a).toBeInstanceOf(AnalogData);
  expect(a.samplerate).toBe(truth.rate); // snapped: the stamps carry 1e-9 s of noise
  expect(a.channel).toEqual(truth.channel_labels);
  expect(a.trialdefinition).toEqual([[0, truth.shape[0], Math.round(truth.starting_time * truth.rate)]]);
  const x = a.trials.get(0);
  expect(x.shape).toEqual(truth.shape);
  const C = truth.shape[1];
  for (let c = 0; c < C; c++) {
    expect(x.data[c]).toBeCloseTo(truth.first_row_physical[c], 12);
    expect(x.data[(truth.shape[0] - 1) * C + c]).toBeCloseTo(truth.last_row_physical[c], 12);
    let sum = 0;
    for (let t = 0; t < truth.shape[0]; t++) sum += x.data[t * C + c];
    expect(sum).toBeCloseTo(truth.sum_physical_per_channel[c], 9);
  }
  expect(a.info.starting_time).toBeCloseTo(truth.starting_time, 8);

  const ttl = result.ttl as EventData;
  expect(ttl).toBeInstanceOf(EventData);
  expect(Array.from(ttl.column("sample"))).toEqual(truth.ttl.samples); // at the ElectricalSeries' rate
  expect(Array.from(ttl.column("eventid"))).toEqual(truth.ttl.codes);

  expect(warnings).toHaveLength(2);
  const gap = truth.gapped.gap_after_sample;
  expect(warnings[0]).toMatch(new RegExp(`/acquisition/gapped \\(ElectricalSeries\\) is not read as AnalogData: .*not regular: a step of 0\\.20\\d* s from sample ${gap} to ${gap + 1}`));
  expect(warnings[1]).toMatch(/\/processing\/ecephys\/snippets \(SpikeEventSeries, data of shape \[5, 3, 16\]\) holds one snippet per time stamp.*skipped/);
});
