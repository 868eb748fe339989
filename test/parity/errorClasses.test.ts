/**
 * Syncopy's rule for which error, at every public entry point, for the values users get wrong
 * (test/core/entryPoints.test.ts covers misspelled keywords and one wrong type per entry point;
 * this file covers values):
 * - a value of the wrong type (a string where a number belongs) is a SPYTypeError naming the keyword;
 * - a value of an allowed type that is not allowed (out of range, not one of the choices) is a
 *   SPYValueError naming the keyword;
 * - a missing, unreadable or malformed file is a SPYIOError naming the path.
 * Every one of them is a SPYError, and its message names the parameter (or the path).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { thrownBy as errorOf } from "../helpers/errorOf";

type ErrorClass = typeof spy.SPYTypeError | typeof spy.SPYValueError;


/** `run` fails with `cls` (a SPYError) naming `param` in its `param` field and in its message. */
async function fails(run: () => unknown, cls: ErrorClass, param: string): Promise<void> {
  const e = await errorOf(run);
  expect(e).toBeInstanceOf(cls);
  expect(e).toBeInstanceOf(spy.SPYError);
  // the other class of the pair is not also true (SPYTypeError is not a SPYValueError and vice versa)
  expect(e).not.toBeInstanceOf(cls === spy.SPYTypeError ? spy.SPYValueError : spy.SPYTypeError);
  expect(e.param).toBe(param);
  expect(e.message).toContain(`\`${param}\``);   // Syncopy's wording: "Invalid value of `x`", "Wrong type of `x`"
}

const wrongType = (run: () => unknown, param: string) => fails(run, spy.SPYTypeError, param);
const badValue = (run: () => unknown, param: string) => fails(run, spy.SPYValueError, param);

/** `run` fails with a SPYIOError whose path is (or lies inside) `file` and whose message matches `msg`. */
async function ioError(run: () => unknown, file: string, msg: RegExp): Promise<void> {
  const e = await errorOf(run);
  expect(e).toBeInstanceOf(spy.SPYIOError);
  expect(e).toBeInstanceOf(spy.SPYError);
  expect(path.resolve(e.path!).startsWith(path.resolve(file))).toBe(true);
  expect(e.message.startsWith(`${e.path}: `)).toBe(true);
  expect(e.message).toMatch(msg);
}

const FS = 1000;
/** Fresh data per test: definetrial changes its input in place. */
const analog = (nTrials = 3) => spy.synthdata.white_noise({ nTrials, nSamples: 500, nChannels: 2, samplerate: FS, seed: 7 }) as spy.AnalogData;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-errclasses-"));
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await spy.shutdown();
});

describe("spy.freqanalysis", () => {
  const data = analog();
  test("a string where a number is expected: SPYTypeError naming the keyword", async () => {
    await wrongType(() => spy.freqanalysis(data, { tapsmofrq: "4" } as never), "tapsmofrq");
    await wrongType(() => spy.freqanalysis(data, { tapsmofrq: 4, nTaper: "3" } as never), "nTaper");
    await wrongType(() => spy.freqanalysis(data, { polyremoval: "1" } as never), "polyremoval");
    await wrongType(() => spy.freqanalysis(data, { chan_per_worker: "2" } as never), "chan_per_worker");
    await wrongType(() => spy.freqanalysis(data, { mem_thresh: "0.5" } as never), "mem_thresh");
    // a list of the wrong element type is a SPYValueError (Syncopy's array_parser: "expected dtype = numeric")
    await badValue(() => spy.freqanalysis(data, { foi: ["1", "2"] } as never), "foi");
    await wrongType(() => spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: "0.1" } as never), "t_ftimwin");
    await wrongType(() => spy.freqanalysis(data, { output: "fooof", foilim: [1, 100], fooof_opt: { peak_threshold: "2" } } as never), "fooof_opt.peak_threshold");
  });

  test("a window option of the wrong type or value (checked where the taper is made), sequential and parallel alike", async () => {
    for (const parallel of [false, true]) {
      await wrongType(() => spy.freqanalysis(data, { taper: "kaiser", taper_opt: { beta: "8" }, parallel }), "beta");
      await badValue(() => spy.freqanalysis(data, { taper: "kaiser", taper_opt: { beta: NaN }, parallel }), "beta");
    }
  });

  test("a number out of range: SPYValueError naming the keyword", async () => {
    await badValue(() => spy.freqanalysis(data, { tapsmofrq: -4 }), "tapsmofrq");
    await badValue(() => spy.freqanalysis(data, { tapsmofrq: 4, nTaper: 0 }), "nTaper");
    await badValue(() => spy.freqanalysis(data, { polyremoval: 2 }), "polyremoval");
    await badValue(() => spy.freqanalysis(data, { mem_thresh: 2 }), "mem_thresh");
    await badValue(() => spy.freqanalysis(data, { pad: -0.1 }), "pad");
    await badValue(() => spy.freqanalysis(data, { foi: [1, 900] }), "foi");
    await badValue(() => spy.freqanalysis(data, { foilim: [0, 900] }), "foilim");
    await badValue(() => spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: -0.1 }), "t_ftimwin");
    await badValue(() => spy.freqanalysis(data, { output: "power" }), "output");
    await badValue(() => spy.freqanalysis(data, { output: "fooof", foilim: [1, 100], fooof_opt: { peak_width_limits: [-1, 2] } }), "fooof_opt.peak_width_limits");
  });
});

describe("spy.preprocessing", () => {
  const data = analog();
  test("a string where a number is expected: SPYTypeError", async () => {
    await wrongType(() => spy.preprocessing(data, { freq: 100, order: "4" } as never), "order");
    // a list of strings: a SPYValueError, as Syncopy's array_parser ("expected dtype = numeric")
    await badValue(() => spy.preprocessing(data, { filter_type: "bp", freq: ["10", "20"] } as never), "freq");
    await wrongType(() => spy.preprocessing(data, { filter_class: null, polyremoval: "1" } as never), "polyremoval");
    // Syncopy's preprocessing: any invalid zscore, rectify or choice keyword is a SPYValueError
    await badValue(() => spy.preprocessing(data, { filter_class: null, zscore: 2 } as never), "zscore");
    await badValue(() => spy.preprocessing(data, { rectify: 2 } as never), "rectify");
    await badValue(() => spy.preprocessing(data, { filter_class: 3, freq: 100 } as never), "filter_class");
    await badValue(() => spy.preprocessing(data, { filter_type: 3, freq: 100 } as never), "filter_type");
  });

  test("a number out of range: SPYValueError", async () => {
    await badValue(() => spy.preprocessing(data, { freq: 600 }), "freq");
    await badValue(() => spy.preprocessing(data, { freq: 0 }), "freq");
    await badValue(() => spy.preprocessing(data, { freq: 100, order: -2 }), "order");
    await badValue(() => spy.preprocessing(data, { freq: 100, order: 5.6 }), "order");
    await badValue(() => spy.preprocessing(data, { filter_class: null, polyremoval: -1 }), "polyremoval");
    await badValue(() => spy.preprocessing(data, { filter_class: "firws", freq: 100, window: "kaiser" }), "window");
  });

  test("an AnalogData without data is a value, not a type, that is not allowed", async () => {
    await badValue(() => spy.preprocessing(new spy.AnalogData({ samplerate: FS }), { freq: 100 }), "data");
    await wrongType(() => spy.preprocessing({ data: [1, 2, 3] } as never, { freq: 100 }), "data");
  });
});

describe("spy.resampledata", () => {
  const data = analog();
  test("a string where a number is expected: SPYTypeError", async () => {
    await wrongType(() => spy.resampledata(data, { resamplefs: "250" } as never), "resamplefs");
    await wrongType(() => spy.resampledata(data, { resamplefs: 250, lpfreq: "100" } as never), "lpfreq");
    await wrongType(() => spy.resampledata(data, { resamplefs: 250, order: "100" } as never), "order");
    // a method not in the list, of any type: Syncopy's SPYValueError ("Invalid value of `method`")
    await badValue(() => spy.resampledata(data, { resamplefs: 250, method: 3 } as never), "method");
  });

  test("a number out of range: SPYValueError (Syncopy's lims: resamplefs in [1, samplerate], lpfreq in [0, resamplefs / 2])", async () => {
    await badValue(() => spy.resampledata(data, { resamplefs: 0.5 }), "resamplefs");
    await badValue(() => spy.resampledata(data, { resamplefs: 2 * FS }), "resamplefs");
    await badValue(() => spy.resampledata(data, { resamplefs: 250, order: -1 }), "order");
    await badValue(() => spy.resampledata(data, { method: "downsample", resamplefs: 250, lpfreq: 200 }), "lpfreq");
    await badValue(() => spy.resampledata(data, { method: "downsample", resamplefs: 300 }), "resamplefs");
  });
});

describe("spy.selectdata", () => {
  test("values of the right type outside the data: SPYValueError", async () => {
    const data = analog();
    await badValue(() => spy.selectdata(data, { trials: [7] }), "trials");
    await badValue(() => spy.selectdata(data, { trials: [0.5] }), "trials");
    await badValue(() => spy.selectdata(data, { latency: [5, 6] }), "latency");
    await badValue(() => spy.selectdata(data, { channel: [9] }), "channel");
    await badValue(() => spy.selectdata(data, { channel: ["nope"] }), "channel");
    const spec = await spy.freqanalysis(data, { tapsmofrq: 4 });
    await badValue(() => spy.selectdata(spec, { frequency: [1000, 2000] }), "frequency");
  });

  test("lists of strings or booleans where numbers are expected: SPYValueError (Syncopy: \"expected dtype = numeric\"); no list at all: SPYTypeError", async () => {
    const data = analog();
    await badValue(() => spy.selectdata(data, { trials: [true] } as never), "trials");
    await badValue(() => spy.selectdata(data, { latency: ["0", "0.1"] } as never), "latency");
    await wrongType(() => spy.selectdata(data, { latency: 1 } as never), "latency");
  });
});

describe("spy.definetrial and spy.redefinetrial", () => {
  test("definetrial: a trial definition of the wrong type, or rows outside the data", async () => {
    await wrongType(() => spy.definetrial(analog(), { trialdefinition: "all" } as never), "trialdefinition");
    await badValue(() => spy.definetrial(analog(), { trialdefinition: [[0, 99999, 0]] }), "trialdefinition");
    await badValue(() => spy.definetrial(analog(), { trialdefinition: [[-5, 50, 0]] }), "trialdefinition");
  });

  test("redefinetrial: strings where numbers are expected; numbers out of range", async () => {
    const data = analog();
    await wrongType(() => spy.redefinetrial(data, { toilim: ["a", "b"] } as never), "toilim");
    await wrongType(() => spy.redefinetrial(data, { offset: "1" } as never), "offset");
    await wrongType(() => spy.redefinetrial(data, { begsample: "1", endsample: 5 } as never), "begsample");
    await badValue(() => spy.redefinetrial(data, { minlength: -1 }), "minlength");
    await badValue(() => spy.redefinetrial(data, { toilim: [5, 1] }), "toilim");
    await badValue(() => spy.redefinetrial(data, { trials: [9] }), "trials");
  });
});

describe("spy.connectivityanalysis", () => {
  const data = analog();
  test("a string where a number is expected: SPYTypeError; a number out of range: SPYValueError", async () => {
    await wrongType(() => spy.connectivityanalysis(data, { method: "coh", tapsmofrq: "3" } as never), "tapsmofrq");
    await badValue(() => spy.connectivityanalysis(data, { method: 3 } as never), "method");
    await badValue(() => spy.connectivityanalysis(data, { method: "coh", tapsmofrq: -3 }), "tapsmofrq");
    await badValue(() => spy.connectivityanalysis(data, { method: "granger2" }), "method");
  });

  test("one trial: SPYValueError naming the data (the measures average over trials)", async () => {
    await badValue(() => spy.connectivityanalysis(analog(1), { method: "coh" }), "data");
  });
});

describe("spy.fooof", () => {
  const F = Array.from({ length: 99 }, (_, i) => i + 1);
  const P = F.map((f) => 100 / f + 5 * Math.exp(-((f - 10) ** 2) / 8));
  test("strings where numbers are expected: SPYTypeError", async () => {
    await wrongType(() => spy.fooof(F, P, { max_n_peaks: "3" as never }), "opts.max_n_peaks");
    await wrongType(() => spy.fooof(F, P, { min_peak_height: "0.1" as never }), "opts.min_peak_height");
    await wrongType(() => spy.fooof(F, P, { freq_range: "all" as never }), "freq_range");
    await wrongType(() => spy.fooof("abc" as never, P), "freqs");
    await wrongType(() => spy.fooof(F, P.map(String) as never), "power");
  });

  test("numbers out of range: SPYValueError", async () => {
    await badValue(() => spy.fooof(F, P, { max_n_peaks: -1 }), "opts.max_n_peaks");
    await badValue(() => spy.fooof(F, P, { peak_threshold: -2 }), "opts.peak_threshold");
    await badValue(() => spy.fooof(F, P, { freq_range: [50, 10] }), "freq_range");
    await badValue(() => spy.fooof(F, P.map((p) => -p)), "power");
    await badValue(() => spy.fooof([0, ...F.slice(1)], P), "freqs");
  });
});

describe("spy.save and spy.load", () => {
  const data = analog();
  const good = path.join(dir, "good.spy");
  let dataFile = "";
  beforeAll(async () => {
    await spy.save(data, good);
    dataFile = fs.readdirSync(good).find((n) => n.endsWith(".analog"))!;
  });
  const copy = (name: string) => {
    const c = path.join(dir, name);
    fs.cpSync(good, c, { recursive: true });
    return c;
  };

  test("a missing container or data file: SPYIOError naming the path", async () => {
    const missing = path.join(dir, "nothing-here.spy");
    await ioError(() => spy.load(missing), missing, /does not exist/);
    const noData = copy("nodata.spy");
    fs.rmSync(path.join(noData, dataFile));
    await ioError(() => spy.load(noData), noData, /data file is missing/);
    await ioError(() => spy.load(path.join(good, "other.analog")), good, /no such data file/);
  });

  test("a corrupt file: SPYIOError (checksum mismatch; without checksums, the structure check)", async () => {
    const flipped = copy("flipped.spy");
    const f = path.join(flipped, dataFile);
    const bytes = fs.readFileSync(f);
    bytes.write("XXXXXX", 0); // the ARROW1 magic
    fs.writeFileSync(f, bytes);
    await ioError(() => spy.load(flipped), f, /checksum mismatch/);
    await ioError(() => spy.load(flipped, { checksum: false }), f, /not a valid Arrow trial file/);

    const truncated = copy("truncated.spy");
    fs.truncateSync(path.join(truncated, dataFile), 100);
    await ioError(() => spy.load(truncated), truncated, /truncated/);

    const badSidecar = copy("badsidecar.spy");
    fs.writeFileSync(path.join(badSidecar, `${dataFile}.info`), "{not json");
    await ioError(() => spy.load(badSidecar), badSidecar, /not valid JSON/);
  });

  test("saving over an existing container without overwrite: SPYIOError", async () => {
    await ioError(() => spy.save(data, good), good, /already exists/);
  });

  test("options of the right type with values not allowed: SPYValueError; of the wrong type: SPYTypeError", async () => {
    await badValue(() => spy.load(good, { dataclass: "nonsense" }), "dataclass");
    await wrongType(() => spy.load(good, { dataclass: 3 as never }), "dataclass");
    await wrongType(() => spy.load(3 as never), "filename");
    await wrongType(() => spy.save(data, path.join(dir, "x.spy"), { overwrite: "yes" as never }), "overwrite");
  });
});

describe("spy.batch: raw recordings", () => {
  const N_CH = 3;
  const rec = path.join(dir, "rec.bin");
  const RAW = { dtype: "int16", n_channels: N_CH, data_order: "samples" as const };
  beforeAll(() => fs.writeFileSync(rec, new Uint8Array(Int16Array.from({ length: 1000 * N_CH }, (_, i) => (i * 37) % 1000 - 500).buffer)));
  const missing = path.join(dir, "missing.bin");

  test("a missing recording: SPYIOError naming it (RecordingsReader, load_raw, BatchProcessor, BatchPipeline)", async () => {
    await ioError(() => new spy.RecordingsReader(missing, RAW), missing, /does not exist/);
    await ioError(() => spy.load_raw(missing, { ...RAW, samplerate: FS }), missing, /does not exist/);
    await ioError(() => new spy.BatchProcessor(missing, RAW), missing, /does not exist/);
    const noFolder = path.join(dir, "no-such-folder");
    await ioError(() => new spy.BatchPipeline(rec, { ...RAW, output_path: noFolder }), noFolder, /not an existing folder/);
  });

  test("a malformed sidecar: SPYIOError", async () => {
    const bin = path.join(dir, "bad.bin");
    fs.writeFileSync(bin, new Uint8Array(12));
    fs.writeFileSync(path.join(dir, "bad.yaml"), "n_channels: [1,\n");
    await ioError(() => spy.readSidecar(bin), path.join(dir, "bad.yaml"), /not valid YAML/);
    fs.writeFileSync(path.join(dir, "bad.yaml"), "n_channels: -3\n");
    await ioError(() => spy.readSidecar(bin), path.join(dir, "bad.yaml"), /n_channels/);
  });

  test("strings where numbers are expected: SPYTypeError", async () => {
    await wrongType(() => spy.load_raw(rec, { ...RAW, samplerate: "1000" as never }), "samplerate");
    await wrongType(() => new spy.RecordingsReader(rec, { ...RAW, n_channels: "3" as never }), "n_channels");
    const bp = new spy.BatchProcessor(rec, { ...RAW, show_progress_bar: false });
    const fn = (b: spy.NDArray) => b;
    await wrongType(() => bp.multi_channel_apply(fn, { mode: "memory", from_time: "0" } as never), "from_time");
    await wrongType(() => bp.multi_channel_apply(fn, { mode: 3 } as never), "mode");
    await wrongType(() => spy.batch.butterworth({ sampling_frequency: 30000, low_frequency: "300" as never }), "low_frequency");
    await wrongType(() => spy.batch.standardize({ sampling_frequency: 30000, min_sd: "0.1" as never }), "min_sd");
  });

  test("numbers out of range: SPYValueError", async () => {
    await badValue(() => new spy.RecordingsReader(rec, { ...RAW, n_channels: 0 }), "n_channels");
    await badValue(() => new spy.RecordingsReader(rec, { ...RAW, n_channels: 7 }), "n_channels"); // file size no multiple of 7 frames
    await badValue(() => new spy.RecordingsReader(rec, { ...RAW, buffer_size: -1 }), "buffer_size");
    await badValue(() => new spy.RecordingsReader(rec, { ...RAW, dtype: "int12" as never }), "dtype");
    await badValue(() => spy.load_raw(rec, { ...RAW, samplerate: -1 }), "samplerate");
    await badValue(() => new spy.BatchProcessor(rec, { ...RAW, max_memory: -5 }), "max_memory");
    const bp = new spy.BatchProcessor(rec, { ...RAW, show_progress_bar: false });
    const fn = (b: spy.NDArray) => b;
    await badValue(() => bp.multi_channel_apply(fn, { mode: "memory", processes: 0 }), "processes");
    await badValue(() => bp.multi_channel_apply(fn, { mode: "memory", to_time: 1e9 } as never), "to_time");
    await badValue(() => bp.multi_channel_apply(fn, { mode: "memory", channels: [9] } as never), "channels");
    await badValue(() => bp.multi_channel_apply(fn, { mode: "cloud" } as never), "mode");
    await badValue(() => spy.batch.butterworth({ sampling_frequency: 30000, low_frequency: -300 }), "low_frequency");
    await badValue(() => spy.batch.butterworth({ sampling_frequency: 30000, low_frequency: 300, high_frequency: 20000 }), "high_frequency");
    await badValue(() => spy.batch.butterworth({ sampling_frequency: 30000, order: 0 }), "order");
    await badValue(() => spy.batch.standardize({ sampling_frequency: 30000, min_sd: -1 }), "min_sd");
    await badValue(() => spy.batch.reference({ method: "mode" as never }), "method");
    await badValue(() => spy.batch.defineTransform({ module: "relative.js", name: "f" }), "module");
    await badValue(() => spy.batch.parseMaxMemory(-1), "max_memory");
  });
});

describe("spy.preproc kernels", () => {
  const x = new Float64Array(64).map((_, i) => Math.sin(i));
  const sos = spy.preproc.butter(2, 0.2, "lp");
  test("strings where numbers are expected: SPYTypeError", async () => {
    await wrongType(() => spy.preproc.butter("4" as never, 0.2, "lp"), "order");
    await wrongType(() => spy.preproc.butter(4, "0.2" as never, "lp"), "freq");
    await wrongType(() => spy.preproc.butter(4, 0.2, 3 as never), "btype");
    await wrongType(() => spy.preproc.butter(4, 100, "lp", "1000" as never), "fs");
    await wrongType(() => spy.preproc.sosfilt("abc" as never, x), "sos");
    await wrongType(() => spy.preproc.sosfilt(sos, "abcdef" as never), "x");
    await wrongType(() => spy.preproc.sosfilt(sos, x, { zi: "abcd" as never }), "zi");
    await wrongType(() => spy.preproc.sosfiltfilt(sos, x, { padlen: "3" as never }), "padlen");
    await wrongType(() => spy.preproc.hilbert(x, { nChannels: "2" } as never), "nChannels");
    await wrongType(() => spy.preproc.limitDenominator("0.5" as never), "x");
    await wrongType(() => spy.preproc.resamplePoly(x, "2" as never, 1, [1]), "up");
    await wrongType(() => spy.preproc.convolveSame(x, "abc" as never), "kernel");
    await wrongType(() => spy.preproc.designWsinc("hamming", "20" as never, 0.1), "order");
    await wrongType(() => spy.preproc.designWsinc(3 as never, 20, 0.1), "window");
    await wrongType(() => spy.preproc.zpk2sos([], [{ re: "0.5", im: 0 }] as never, 1), "p");
  });

  test("numbers out of range: SPYValueError", async () => {
    await badValue(() => spy.preproc.butter(0, 0.2, "lp"), "order");
    await badValue(() => spy.preproc.butter(4, 2, "lp"), "freq");
    await badValue(() => spy.preproc.butter(4, 0.2, "notch"), "btype");
    await badValue(() => spy.preproc.butter(4, 100, "lp", -1000), "fs");
    await badValue(() => spy.preproc.sosfilt([[1, 0, 0, 2, 0, 0]], x), "sos");
    await badValue(() => spy.preproc.sosfiltfilt(sos, x, { padlen: -1 }), "padlen");
    await badValue(() => spy.preproc.sosfiltfilt(sos, x, { padtype: "mirror" as never }), "padtype");
    await badValue(() => spy.preproc.hilbert(x, { nChannels: 3 }), "x");
    await badValue(() => spy.preproc.limitDenominator(0.5, 0), "max_denominator");
    await badValue(() => spy.preproc.resamplePoly(x, 0, 1, [1]), "up");
    await badValue(() => spy.preproc.downsample(x, 0), "factor");
    await badValue(() => spy.preproc.designWsinc("kaiser" as never, 20, 0.1), "window");
    await badValue(() => spy.preproc.minphaserceps([]), "kernel");
    await badValue(() => spy.preproc.zpk2sos([], [{ re: 0.5, im: 0.5 }], 1), "p");
  });
});

describe("spy.synthdata and the plots", () => {
  test("synthdata: out-of-range sizes and rates are SPYValueErrors, strings SPYTypeErrors", async () => {
    await badValue(() => spy.synthdata.white_noise({ nSamples: 0 }), "nSamples");
    await badValue(() => spy.synthdata.white_noise({ nTrials: -1 }), "nTrials");
    await badValue(() => spy.synthdata.white_noise({ samplerate: 0 }), "samplerate");
    await badValue(() => spy.synthdata.white_noise({ seed: -1 }), "seed");
    await wrongType(() => spy.synthdata.harmonic({ freq: "10" as never }), "freq");
    await wrongType(() => spy.synthdata.white_noise({ seed: "42" as never }), "seed");
  });

  test("plots: selections outside the data are SPYValueErrors; filter keywords follow preprocessing", async () => {
    const data = analog();
    await badValue(() => spy.singlepanelplot(data, { trials: 9 } as never), "trials");
    await badValue(() => spy.multipanelplot(data, { channel: [9] } as never), "channel");
    const filter = { filter_class: "but", filter_type: "lp", freq: 100, samplerate: FS };
    await wrongType(() => spy.plotfilter({ ...filter, order: "4" }), "order");
    await badValue(() => spy.plotfilter({ ...filter, freq: 600 }), "freq");
    await wrongType(() => spy.filterresponse({ ...filter, samplerate: "1000" }), "samplerate");
  });
});
