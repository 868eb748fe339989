/**
 * Every public entry point checks its keywords with the one checker (src/core/keywords.ts):
 * a misspelled key is a SPYValueError that names the key and suggests the right one (never a
 * silent default), a value of the wrong type is a SPYTypeError, and both are SPYErrors.
 * One test per entry point of the public barrel (src/index.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { thrownBy as errorOf } from "../helpers/errorOf";



/** A misspelled keyword: SPYValueError naming it, where it was given, and the right one. */
async function misspelled(run: () => unknown, key: string, suggestion: string): Promise<void> {
  const e = await errorOf(run);
  expect(e).toBeInstanceOf(spy.SPYValueError);
  expect(e).toBeInstanceOf(spy.SPYError);
  expect(e.param).toBe(key);
  expect(e.message).toMatch(new RegExp(`^'${key}' is an unknown keyword of .+; did you mean '${suggestion}'\\?$`));
}

/** A value of the wrong type: SPYTypeError naming the parameter. */
async function wrongType(run: () => unknown, param: string): Promise<void> {
  const e = await errorOf(run);
  expect(e).toBeInstanceOf(spy.SPYTypeError);
  expect(e).toBeInstanceOf(spy.SPYError);
  expect(e.param).toBe(param);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-entry-"));
const N_OBS = 2000, N_CH = 3, FS = 1000;
const rec = path.join(dir, "rec.bin");
fs.writeFileSync(rec, new Uint8Array(Int16Array.from({ length: N_OBS * N_CH }, (_, i) => (i * 37) % 1000 - 500).buffer));
const RAW = { dtype: "int16", n_channels: N_CH, data_order: "samples" as const };

const data = spy.synthdata.white_noise({ nTrials: 3, nSamples: 200, nChannels: 2, samplerate: FS, seed: 1 }) as spy.AnalogData;
const trials = [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]];

const FREQS = Array.from({ length: 99 }, (_, i) => i + 1);
const POWER = FREQS.map((f) => 100 / f + 5 * Math.exp(-((f - 10) ** 2) / 8));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("data classes and their methods", () => {
  test("new AnalogData(options)", async () => {
    await misspelled(() => new spy.AnalogData({ data: trials, samplerat: FS } as never), "samplerat", "samplerate");
    await wrongType(() => new spy.AnalogData({ data: trials, samplerate: "1000" as never }), "samplerate");
  });

  test("new SpectralData(options)", async () => {
    const spec = { data: { data: new Float64Array(8), shape: [1, 1, 4, 2], dtype: "float64" as const }, samplerate: FS };
    await misspelled(() => new spy.SpectralData({ ...spec, freqs: [1, 2, 3, 4] } as never), "freqs", "freq");
    await wrongType(() => new spy.SpectralData({ ...spec, channel: "a" as never }), "channel");
  });

  test("data.show(selection)", async () => {
    await misspelled(() => data.show({ trial: 0 } as never), "trial", "trials");
    await wrongType(() => data.show({ trials: 0, squeeze: "yes" as never }), "squeeze");
  });

  test("data.trials.get(k)", async () => {
    await wrongType(() => data.trials.get("0" as never), "trials");
  });

  test("spy.selectdata", async () => {
    await misspelled(() => spy.selectdata(data, { chanel: ["channel1"] }), "chanel", "channel");
    await wrongType(() => spy.selectdata(data, { trials: { first: 0 } } as never), "trials");
  });

  test("spy.definetrial", async () => {
    const d = spy.synthdata.white_noise({ nTrials: 1, nSamples: 100, samplerate: FS, seed: 2 }) as spy.AnalogData;
    await misspelled(() => spy.definetrial(d, { trialdefinition: [[0, 50, 0]], clip_edge: true }), "clip_edge", "clip_edges");
    await wrongType(() => spy.definetrial(d, { trialdefinition: [[0, 50, 0]], clip_edges: "yes" } as never), "clip_edges");
  });

  test("spy.redefinetrial", async () => {
    await misspelled(() => spy.redefinetrial(data, { minlenght: 0.1 }), "minlenght", "minlength");
    await wrongType(() => spy.redefinetrial(data, { toilim: "poststim" } as never), "toilim");
  });

  test("spy.fromNested and spy.zeros", async () => {
    await wrongType(() => spy.fromNested([[1, "2"]]), "nested");
    await wrongType(() => spy.zeros([2, 2], 3 as never), "dtype");
  });
});

describe("metafunctions (one check in unwrapCfg) and their nested option dicts", () => {
  test("spy.freqanalysis", async () => {
    await misspelled(() => spy.freqanalysis(data, { method: "mtmfft", tapsmofreq: 2 }), "tapsmofreq", "tapsmofrq");
    await wrongType(() => spy.freqanalysis(data, { keeptrials: 3 } as never), "keeptrials");
  });

  test("freqanalysis taper_opt", async () => {
    await misspelled(() => spy.freqanalysis(data, { taper: "kaiser", taper_opt: { bta: 8 } }), "bta", "beta");
    await wrongType(() => spy.freqanalysis(data, { taper: "kaiser", taper_opt: 8 } as never), "taper_opt");
  });

  test("freqanalysis fooof_opt", async () => {
    const kw = { output: "fooof", foilim: [1, 100] };
    await misspelled(() => spy.freqanalysis(data, { ...kw, fooof_opt: { max_n_peak: 2 } } as never), "max_n_peak", "max_n_peaks");
    await wrongType(() => spy.freqanalysis(data, { ...kw, fooof_opt: { verbose: 1 } } as never), "fooof_opt.verbose");
  });

  test("spy.preprocessing", async () => {
    await misspelled(() => spy.preprocessing(data, { filter_typ: "lp", freq: 100 }), "filter_typ", "filter_type");
    await wrongType(() => spy.preprocessing(data, { filter_type: "lp", freq: "100" } as never), "freq");
  });

  test("spy.resampledata", async () => {
    await misspelled(() => spy.resampledata(data, { resamplefs: 250, methd: "downsample" }), "methd", "method");
    await wrongType(() => spy.resampledata(data, { resamplefs: 250, parallel: "yes please" } as never), "parallel");
  });

  test("spy.get_defaults", async () => {
    await wrongType(() => spy.get_defaults(3), "obj");
  });
});

describe("storage and compute settings", () => {
  test("spy.save and spy.load", async () => {
    const file = path.join(dir, "d.spy");
    await misspelled(() => spy.save(data, file, { overwrit: true } as never), "overwrit", "overwrite");
    await wrongType(() => spy.save(data, 3 as never), "filename");
    await spy.save(data, file);
    await misspelled(() => spy.load(file, { checksums: false } as never), "checksums", "checksum");
    await wrongType(() => spy.load(file, { checksum: "no" as never }), "checksum");
  });

  test("spy.cleanup and spy.setStorageLimit", async () => {
    await misspelled(() => spy.cleanup({ olderThanHour: 1 } as never), "olderThanHour", "olderThanHours");
    await wrongType(() => spy.cleanup({ onlyCurrentSession: "yes" as never }), "onlyCurrentSession");
    await wrongType(() => spy.setStorageLimit("10GB" as never), "bytes");
  });

  test("spy.setKernelPath", async () => {
    await wrongType(() => spy.setKernelPath(3 as never), "kernels");
    expect(await errorOf(() => spy.setKernelPath("wsam" as never))).toBeInstanceOf(spy.SPYValueError);
  });
});

describe("spy.synthdata: every generator", () => {
  const sd = spy.synthdata;
  test("white_noise", async () => {
    await misspelled(() => sd.white_noise({ seeed: 1 } as never), "seeed", "seed");
    await wrongType(() => sd.white_noise({ nSamples: "100" as never }), "nSamples");
  });
  test("linear_trend", async () => {
    await misspelled(() => sd.linear_trend({ y_max: 1, nSample: 10 } as never), "nSample", "nSamples");
    await wrongType(() => sd.linear_trend({ y_max: "1" as never }), "y_max");
  });
  test("harmonic", async () => {
    await misspelled(() => sd.harmonic({ freq: 10, nChanels: 2 } as never), "nChanels", "nChannels");
    await wrongType(() => sd.harmonic({ freq: [10] as never }), "freq");
  });
  test("phase_diffusion", async () => {
    await misspelled(() => sd.phase_diffusion({ freq: 10, rand_init: true } as never), "rand_init", "rand_ini");
    await wrongType(() => sd.phase_diffusion({ freq: 10, return_phase: 1 as never }), "return_phase");
  });
  test("ar2_network", async () => {
    await misspelled(() => sd.ar2_network({ alpha: [0.5, -0.8] } as never), "alpha", "alphas");
    await wrongType(() => sd.ar2_network({ AdjMat: "none" as never }), "AdjMat");
  });
  test("red_noise", async () => {
    await misspelled(() => sd.red_noise({ alpha: 0.9, nTrial: 2 } as never), "nTrial", "nTrials");
    await wrongType(() => sd.red_noise({ alpha: 0.9, seed_per_trial: "no" as never }), "seed_per_trial");
  });
  test("mk_RandomAdjMat", async () => {
    await misspelled(() => sd.mk_RandomAdjMat({ conn_tresh: 0.5 } as never), "conn_tresh", "conn_thresh");
    await wrongType(() => sd.mk_RandomAdjMat({ max_coupling: "0.2" as never }), "max_coupling");
  });
  test("ar2_peak_freq", async () => {
    await wrongType(() => sd.ar2_peak_freq("0.55" as never, -0.8), "a1");
  });
});

describe("FOOOF", () => {
  test("spy.fooof(freqs, power, opts)", async () => {
    await misspelled(() => spy.fooof(FREQS, POWER, { max_n_peak: 3 } as never), "max_n_peak", "max_n_peaks");
    await wrongType(() => spy.fooof(FREQS, POWER, { verbose: 1 as never }), "opts.verbose");
  });

  test("FooofFit.plot / plotSpec and spy.fooofSpec", async () => {
    const fit = spy.fooof(FREQS, POWER);
    await misspelled(() => fit.plot({ plt_logg: true } as never), "plt_logg", "plt_log");
    await misspelled(() => spy.fooofSpec(fit, { widht: 300 } as never), "widht", "width");
    await wrongType(() => fit.plotSpec({ width: "600" as never }), "width");
  });
});

describe("plots", () => {
  test("spy.singlepanelplot", async () => {
    await misspelled(() => spy.singlepanelplot(data, { shifed: false } as never), "shifed", "shifted");
    await wrongType(() => spy.singlepanelplot(data, { logscale: "no" as never }), "logscale");
  });

  test("spy.multipanelplot", async () => {
    await misspelled(() => spy.multipanelplot(data, { titel: "x" } as never), "titel", "title");
    await wrongType(() => spy.multipanelplot({} as never), "data");
  });

  test("spy.plotfilter and spy.filterresponse", async () => {
    const filter = { filter_class: "but", filter_type: "lp", freq: 100, samplerate: FS };
    await misspelled(() => spy.plotfilter(filter, { nPoint: 100 } as never), "nPoint", "nPoints");
    await misspelled(() => spy.filterresponse({ ...filter, filter_typ: "hp" }), "filter_typ", "filter_type");
    await wrongType(() => spy.filterresponse(filter, { floorDb: "-80" as never }), "floorDb");
  });
});

describe("spy.preproc kernels with options", () => {
  const x = new Float64Array(64).map((_, i) => Math.sin(i));
  const sos = spy.preproc.butter(2, 0.2, "lp");
  test("hilbert, sosfilt, sosfiltfilt, convolveSame, resamplePoly, downsample", async () => {
    await misspelled(() => spy.preproc.hilbert(x, { nChannel: 2 } as never), "nChannel", "nChannels");
    await misspelled(() => spy.preproc.sosfilt(sos, x, { zl: [0] } as never), "zl", "zi");
    await misspelled(() => spy.preproc.sosfiltfilt(sos, x, { padln: 3 } as never), "padln", "padlen");
    await misspelled(() => spy.preproc.convolveSame(x, [1, 1], { pases: 2 } as never), "pases", "passes");
    await misspelled(() => spy.preproc.resamplePoly(x, 1, 2, [1], { layot: "strided" } as never), "layot", "layout");
    await misspelled(() => spy.preproc.downsample(x, 2, { nchannels: 1 } as never), "nchannels", "nChannels");
    await wrongType(() => spy.preproc.hilbert(x, { layout: 1 as never }), "layout");
  });
});

describe("batch processing of raw recordings", () => {
  test("spy.load_raw", async () => {
    await misspelled(() => spy.load_raw(rec, { ...RAW, samplerat: FS } as never), "samplerat", "samplerate");
    await wrongType(() => spy.load_raw(rec, { ...RAW, samplerate: FS, scale: "1" as never }), "scale");
  });

  test("spy.RecordingsReader", async () => {
    await misspelled(() => new spy.RecordingsReader(rec, { ...RAW, buffer_sise: 2 } as never), "buffer_sise", "buffer_size");
    await wrongType(() => new spy.RecordingsReader(rec, { ...RAW, buffer_size: "2" as never }), "buffer_size");
  });

  test("spy.readSidecar and spy.writeSidecar", async () => {
    await misspelled(() => spy.writeSidecar(path.join(dir, "x.bin"), { ...RAW, n_channel: 3 } as never), "n_channel", "n_channels");
    await wrongType(() => spy.writeSidecar(path.join(dir, "x.bin"), { ...RAW, n_channels: "3" as never }), "n_channels");
    await wrongType(() => spy.readSidecar(3 as never), "path");
  });

  test("spy.BatchProcessor", async () => {
    await misspelled(() => new spy.BatchProcessor(rec, { ...RAW, max_memmory: "1MB" } as never), "max_memmory", "max_memory");
    await wrongType(() => new spy.BatchProcessor(rec, { ...RAW, show_progress_bar: "no" as never }), "show_progress_bar");
  });

  test("BatchProcessor.multi_channel_apply / single_channel_apply options", async () => {
    const bp = new spy.BatchProcessor(rec, { ...RAW, show_progress_bar: false });
    const fn = (b: spy.NDArray) => b;
    await misspelled(() => bp.multi_channel_apply(fn, { mode: "memory", channel: [0] } as never), "channel", "channels");
    await misspelled(() => bp.single_channel_apply(fn, { mode: "memory", force_complete_channel_batches: true } as never),
      "force_complete_channel_batches", "force_complete_channel_batch");
    await wrongType(() => bp.multi_channel_apply(fn, { mode: "memory", processes: "2" as never }), "processes");
    await wrongType(() => bp.multi_channel_apply(fn, "memory" as never), "options");
  });

  test("BatchProcessor.multi_channel / single_channel iteration", async () => {
    const bp = new spy.BatchProcessor(rec, { ...RAW, show_progress_bar: false });
    await misspelled(() => bp.multi_channel({ return_dat: false } as never).next(), "return_dat", "return_data");
    await misspelled(() => bp.single_channel({ from_tim: 0 } as never).next(), "from_tim", "from_time");
    await wrongType(() => bp.multi_channel({ to_time: "10" as never }).next(), "to_time");
  });

  test("spy.BatchPipeline", async () => {
    await misspelled(() => new spy.BatchPipeline(rec, { ...RAW, output_pth: dir } as never), "output_pth", "output_path");
    await wrongType(() => new spy.BatchPipeline(rec, { ...RAW, output_path: 3 as never }), "output_path");
  });

  test("spy.PipedTransformation", async () => {
    const t = spy.batch.reference();
    await misspelled(() => new spy.PipedTransformation(t, "out.bin", "multi_channel", { kepp: true } as never), "kepp", "keep");
    await wrongType(() => new spy.PipedTransformation(t, "out.bin", "multi_channel", { keep: "yes" as never }), "keep");
  });

  test("spy.batch.butterworth", async () => {
    await misspelled(() => spy.batch.butterworth({ sampling_frequency: 30000, low_frequncy: 500 } as never), "low_frequncy", "low_frequency");
    await wrongType(() => spy.batch.butterworth({ sampling_frequency: 30000, order: "3" as never }), "order");
  });

  test("spy.batch.standardize", async () => {
    await misspelled(() => spy.batch.standardize({ sampling_frequency: 30000, min_sdd: 0.1 } as never), "min_sdd", "min_sd");
    await wrongType(() => spy.batch.standardize({ sampling_frequency: 30000, center: "yes" as never }), "center");
  });

  test("spy.batch.reference", async () => {
    await misspelled(() => spy.batch.reference({ methd: "median" } as never), "methd", "method");
    await wrongType(() => spy.batch.reference({ method: 1 as never }), "method");
  });

  test("spy.batch.defineTransform", async () => {
    await misspelled(() => spy.batch.defineTransform({ module: "/m.js", name: "f", bufer: 2 } as never), "bufer", "buffer");
    await wrongType(() => spy.batch.defineTransform({ module: "/m.js", name: "f", buffer: "2" as never }), "buffer");
  });

  test("spy.batch.parseMaxMemory and spy.batch.IndexGenerator", async () => {
    await wrongType(() => spy.batch.parseMaxMemory(true), "max_memory");
    const gen = new spy.batch.IndexGenerator(100, 2, 2, 1000);
    await misspelled(() => gen.multi_channel({ from_tme: 0 } as never).next(), "from_tme", "from_time");
    await wrongType(() => new spy.batch.IndexGenerator(100, "2" as never, 2, 1000), "n_channels");
  });
});
