/**
 * Port of three Syncopy test files (esi-neuroscience/syncopy, syncopy/tests/):
 *
 * 1. test_computationalroutine.py (TestComputationalRoutine). Syncopy drives a private
 *    ComputationalRoutine (LowPassFilter: scipy filtfilt with butter(8, 50 Hz), padlen=200) through
 *    a decorated `filter_manager`. spyts's engine (src/compute) is reached through the public
 *    metafunctions: `spy.preprocessing` with Syncopy's own Butterworth low-pass (8th order, 50 Hz,
 *    twopass = scipy sosfiltfilt, as Syncopy's preprocessing) stands in for the filter, and
 *    `spy.freqanalysis` (mtmfft) for the `keeptrials=False` path (preprocessing has no keeptrials,
 *    neither in Syncopy nor here). Ported: sequential vs parallel (bit-identical here; Syncopy:
 *    allclose), `chan_per_worker` (7 channels per block, also with channel selections, which
 *    Syncopy's test skips with a FIXME), the three selections of each test on equidistant and on
 *    non-equidistant (also overlapping) trials, selection in the call == selecting first, the time
 *    axes and channel labels of the result, keeptrials=False averaging (checked as the mean of the
 *    kept trials, on noise trials: Syncopy's sigdata repeats one trial; a spectrum has no time axis,
 *    so Syncopy's time check of the averaged result has no counterpart), save/load round trips and
 *    the log entry of the computation.
 *    Left out: `parallel_store` and the virtual HDF5 dataset with one file per call
 *    (`out.data.is_virtual`, the count of *.h5 files): spyts stores results in one Arrow file,
 *    there is no such keyword (it is an unknown keyword, checked below); `log_dict` (a private
 *    argument of ComputationalRoutine.compute; the settings logged by the metafunction are checked
 *    instead); `out.filename == load(...).filename` (spyts's result stays on its temporary store
 *    after `save`).
 *    Syncopy's error tolerance 1e-6 belongs to its test filter (filtfilt with padlen=200);
 *    sosfiltfilt's default padding (3 x 9 samples, used by Syncopy's and spyts's preprocessing)
 *    leaves ~1e-2 at the trial edges, so the filter checks compare with scipy's sosfiltfilt values
 *    (python3 script quoted at REF below) instead.
 *
 * 2. test_decorators.py (TestSpyCalls: unwrap_cfg, unwrap_select). Syncopy's dummy
 *    `group_objects(data, groupbychan=None, select=None)` is played by `spy.selectdata`, whose
 *    `channel` keyword stands in for `groupbychan` (a channel an object lacks is a SPYValueError
 *    here instead of a None result), and by `spy.mean` for the `select` keyword. Syncopy returns
 *    `data.filename`; here every value of object n on the channel with letter index L is
 *    100 n + L, so a result names the object that came through (and the channel selected).
 *    Python's keyword arguments are the second dict in JavaScript: f(data, {data}) is Python's
 *    f(data, data=data) and f(cfg, {data}) Python's f(cfg, data=data). Error wording differs
 *    from Syncopy's (asserted: class, parameter and spyts's wording).
 *
 * 3. test_parsers.py (io_parser, scalar_parser, array_parser, filename_parser, data_parser,
 *    get_defaults). The parsers are private; each check becomes "this keyword value of a public
 *    function raises SPYTypeError/SPYValueError naming the keyword". Assertions already ported in
 *    test/parity/errorClasses.test.ts, test/core/entryPoints.test.ts and test/data/parity.test.ts
 *    (section 4, the container names of filename_parser) are not repeated. Left out: complex
 *    scalars against limits (no complex keyword values), the float32-vs-float64 `ntype` check and
 *    `issorted=False` (no keyword asks for either), `writable`/mode (spyts has no file modes),
 *    `tag`s and `.info` paths of filename_parser (spyts writes one object per container, README
 *    "Where spyts differs").
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { ThrownError, thrownBy as errorOf } from "../helpers/errorOf";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-routine-"));
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await spy.shutdown();
});

type Err = ThrownError;
type AnyCall = (...args: unknown[]) => Promise<unknown>;


/** `run` fails with `cls` naming `param`, and its message matches `msg` (when given). */
async function fails(run: () => unknown, cls: typeof spy.SPYValueError | typeof spy.SPYTypeError, param: string, msg?: RegExp): Promise<void> {
  const e = await errorOf(run);
  expect(e).toBeInstanceOf(cls);
  expect(e).toBeInstanceOf(spy.SPYError);
  expect(e.param).toBe(param);
  if (msg) expect(e.message).toMatch(msg);
}
const badValue = (run: () => unknown, param: string, msg?: RegExp) => fails(run, spy.SPYValueError, param, msg);
const wrongType = (run: () => unknown, param: string, msg?: RegExp) => fails(run, spy.SPYTypeError, param, msg);

function bitsEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Same number of trials, same shapes, same bits, same channel labels and time axes. */
function sameResult(a: spy.AnalogData | spy.SpectralData, b: spy.AnalogData | spy.SpectralData): void {
  expect(b.trials.length).toBe(a.trials.length);
  expect(b.channel).toEqual(a.channel);
  for (let k = 0; k < a.trials.length; k++) {
    const x = a.trials.get(k);
    const y = b.trials.get(k);
    expect(y.shape).toEqual(x.shape);
    expect(bitsEqual(y.data as ArrayLike<number>, x.data as ArrayLike<number>)).toBe(true);
    if (a instanceof spy.AnalogData) expect(bitsEqual((b as spy.AnalogData).time[k], a.time[k])).toBe(true);
  }
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/** Build once, share between tests (metafunctions never change their input). */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

// =====================================================================================================
// 1. test_computationalroutine.py
// =====================================================================================================

// Syncopy's signal: t = linspace(-1, 1, fs); orig = sin(2 pi 2 t); sig = orig + sin(2 pi 64 t),
// repeated over 32 channels and 8 trials of 1000 samples at 1 kHz, trl rows [k fs, (k+1) fs, -500].
const FS = 1000;
const N_CHANNELS = 32;
const N_TRIALS = 8;
const CHAN_PER_WORKER = 7;
const T = Float64Array.from({ length: FS }, (_, i) => -1 + i * (2 / (FS - 1)));
const ORIG = T.map((t) => Math.sin(2 * Math.PI * 2 * t));
const SIG = T.map((t, i) => ORIG[i] + Math.sin(2 * Math.PI * 64 * t));

/** Syncopy's filter: Butterworth low-pass of order 8 at 50 Hz, zero-phase (twopass). */
const LOWPASS = { filter_class: "but", filter_type: "lp", freq: 50, order: 8, direction: "twopass" } as const;

/*
 * REF: the same filter in scipy (python3, scipy 1.x), float32 output as spyts's and Syncopy's:
 *   import numpy as np; from scipy import signal
 *   fs = 1000; t = np.linspace(-1, 1, fs)
 *   orig = np.sin(2*np.pi*2*t); sig = orig + np.sin(2*np.pi*64*t)
 *   sos = signal.butter(8, 50, "lowpass", fs=fs, output="sos")
 *   f = signal.sosfiltfilt(sos, sig).astype(np.float32).astype(np.float64)
 *   np.max(np.abs(f - orig))                       -> 0.009885110465650437
 *   f[0], f[500], f[999]                           -> -0.005976940970867872, 0.012578670866787434, 0.007203081157058477
 *   fx = signal.sosfiltfilt(sos, sig[250:751]).astype(np.float32).astype(np.float64)  # latency [-0.25, 0.25]
 *   np.mean(np.abs(fx - orig[250:751]))            -> 0.008095186972688975
 *   fx[0], fx[250], fx[500]                        -> 0.19726909697055817, 0.01257866621017456, 0.5729255676269531
 *   # Syncopy's test filter: signal.filtfilt(*signal.butter(8, 2*50/fs), sig, padlen=200) -> max error 6.5e-7
 */
const REF = {
  fullMax: 0.009885110465650437,
  full: [[0, -0.005976940970867872], [500, 0.012578670866787434], [999, 0.007203081157058477]],
  latencyMean: 0.008095186972688975,
  latency: [[0, 0.19726909697055817], [250, 0.01257866621017456], [500, 0.5729255676269531]],
};

const sigdataOnce = once(makeSigdata);
function makeSigdata(): spy.AnalogData {
  const data = new Float64Array(N_TRIALS * FS * N_CHANNELS);
  for (let k = 0; k < N_TRIALS; k++) {
    for (let i = 0; i < FS; i++) data.fill(SIG[i], (k * FS + i) * N_CHANNELS, (k * FS + i + 1) * N_CHANNELS);
  }
  return new spy.AnalogData({
    data: { data, shape: [N_TRIALS * FS, N_CHANNELS], dtype: "float64" }, samplerate: FS,
    trialdefinition: range(0, N_TRIALS).map((k) => [k * FS, (k + 1) * FS, -500]),
  });
}

/** Syncopy's sigdataSelections, with the trials, channel indices and sample ranges each selects. */
interface Case { select: Record<string, unknown> | null; trials: number[]; channels: number[]; samples: [number, number] }
const CHANNEL_NAMES_12_27_REVERSED = range(12, 28).map((i) => `channel${i}`).reverse();
const SIG_CASES: Case[] = [
  { select: null, trials: range(0, N_TRIALS), channels: range(0, N_CHANNELS), samples: [0, FS] },
  // default labels are channel01..channel32 (Syncopy zero-pads too): channel27..channel12 = indices 26..11
  { select: { trials: [3, 1, 0], channel: CHANNEL_NAMES_12_27_REVERSED }, trials: [3, 1, 0], channels: range(11, 27).reverse(), samples: [0, FS] },
  // latency [-0.25, 0.25] of trials starting at -0.5 s: samples 250..750, both ends included (501)
  { select: { trials: [0, 1, 2], channel: range(0, N_CHANNELS / 2), latency: [-0.25, 0.25] }, trials: [0, 1, 2], channels: range(0, 16), samples: [250, 751] },
];

/** max and mean of |out - orig| over every trial and channel of a filtered result. */
function errorStats(out: spy.AnalogData, samples: [number, number]): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  let n = 0;
  for (let k = 0; k < out.trials.length; k++) {
    const t = out.trials.get(k);
    const [nS, nC] = t.shape;
    expect(nS).toBe(samples[1] - samples[0]);
    for (let i = 0; i < nS; i++) {
      for (let c = 0; c < nC; c++) {
        const e = Math.abs((t.data[i * nC + c] as number) - ORIG[samples[0] + i]);
        max = Math.max(max, e);
        sum += e;
        n++;
      }
    }
  }
  return { max, mean: sum / n };
}

/** Syncopy's checks of one filtered result against its selection: labels, times, filter values. */
function checkFiltered(out: spy.AnalogData, input: spy.AnalogData, c: Case): void {
  expect(out.trials.length).toBe(c.trials.length);
  expect(out.channel).toEqual(c.channels.map((i) => input.channel[i]));
  c.trials.forEach((trlno, tk) => {
    expect(bitsEqual(out.time[tk], input.time[trlno].subarray(c.samples[0], c.samples[1]))).toBe(true);
  });
  const stats = errorStats(out, c.samples);
  if (c.samples[0] === 0) {
    expect(Math.abs(stats.max - REF.fullMax)).toBeLessThan(1e-6);
    for (const [i, v] of REF.full) expect(Math.abs((out.trials.get(0).data[i * out.channel.length] as number) - v)).toBeLessThan(1e-6);
  } else {
    expect(stats.mean).toBeLessThan(1e-2);                          // Syncopy's own tolerance for this selection
    expect(Math.abs(stats.mean - REF.latencyMean)).toBeLessThan(1e-6);
    for (const [i, v] of REF.latency) expect(Math.abs((out.trials.get(0).data[i * out.channel.length] as number) - v)).toBeLessThan(1e-6);
  }
}

async function preselected<D extends spy.AnalogData>(data: D, select: Record<string, unknown> | null): Promise<D> {
  return (await spy.selectdata(data, (select ?? {}) as never)) as D;
}

describe("test_computationalroutine: sequential, equidistant trials", () => {
  const sigdata = sigdataOnce();

  test.each(SIG_CASES.map((c, sk) => [sk, c] as const))("selection %i: filtered values, labels and times; selecting first gives the same bits", async (_sk, c) => {
    const out = await spy.preprocessing(sigdata, { ...LOWPASS, select: c.select as never, parallel: false });
    checkFiltered(out, sigdata, c);
    const outSel = await spy.preprocessing(await preselected(sigdata, c.select), { ...LOWPASS, parallel: false });
    sameResult(out, outSel);
  });

  test("keeptrials=false (through freqanalysis): the average of the kept trials, for each selection; selecting first gives the same bits", async () => {
    // trials that differ (Syncopy's sigdata repeats one trial, whose average is that trial)
    const noisy = noiseOnce();
    for (const c of SIG_CASES) {
      const kw = { method: "mtmfft", taper: "hann", foilim: [0, 100], select: c.select, parallel: false } as const;
      const avg = await spy.freqanalysis(noisy, { ...kw, keeptrials: false } as never);
      const per = await spy.freqanalysis(noisy, { ...kw, keeptrials: true } as never);
      expect(avg.trials.length).toBe(1);
      expect(per.trials.length).toBe(c.trials.length);
      expect(avg.channel).toEqual(c.channels.map((i) => noisy.channel[i]));
      const a = avg.trials.get(0).data as Float32Array;
      const mean = new Float64Array(a.length);
      for (let k = 0; k < per.trials.length; k++) {
        const p = per.trials.get(k).data as Float32Array;
        for (let i = 0; i < a.length; i++) mean[i] += p[i] / per.trials.length;
      }
      let peak = 0;
      for (const v of mean) peak = Math.max(peak, v);
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - mean[i])).toBeLessThanOrEqual(1e-6 * peak);
      const avgSel = await spy.freqanalysis(await preselected(noisy, c.select), { ...kw, select: null, keeptrials: false } as never);
      sameResult(avg, avgSel);
    }
  });

  test("Syncopy's CR keywords parallel_store and keeptrials are unknown keywords of preprocessing (README: unknown keywords are errors)", async () => {
    await badValue(() => spy.preprocessing(sigdata, { ...LOWPASS, parallel_store: true } as never), "parallel_store", /unknown keyword of preprocessing/);
    await badValue(() => spy.preprocessing(sigdata, { ...LOWPASS, keeptrials: false } as never), "keeptrials", /unknown keyword of preprocessing/);
  });
});

/**
 * Syncopy's generate_artificial_data: cos(2 pi (7 (H(t) t - 1) + 10) t), t = arange(0, 3, 0.001) - 1,
 * plus 0.5 x standard normal noise per trial (spyts's white_noise, seeded, instead of numpy's
 * stream), float32, 3000 samples per trial block, offset -1000. Non-equidistant: each trial is shrunk
 * (or, overlapping, grown) by an offset in [0.1, 0.2) x 3000 samples at both ends, with the first
 * trial starting at 0 and the last ending at nTrials x 3000.
 */
const ART_LEN = 3000;
const ART_OFFSETS = [412, 337, 598, 301, 455, 520, 389, 476];   // fixed draws from [300, 600)

function artificial(nTrials: number, nChannels: number, rows: (k: number) => [number, number]): spy.AnalogData {
  const n = nTrials * ART_LEN;
  const data = new Float32Array(n * nChannels);
  for (let k = 0; k < nTrials; k++) {
    const noise = spy.synthdata.white_noise({ nTrials: null, nSamples: ART_LEN, nChannels, seed: 42 + k }) as spy.NDArray;
    for (let i = 0; i < ART_LEN; i++) {
      const t = Math.fround(i * 0.001) - 1;
      const s = Math.cos(2 * Math.PI * (7 * ((t >= 0 ? 1 : 0) * t - 1) + 10) * t);
      for (let c = 0; c < nChannels; c++) data[(k * ART_LEN + i) * nChannels + c] = s + 0.5 * (noise.data[i * nChannels + c] as number);
    }
  }
  const trl = range(0, nTrials).map((k) => [...rows(k), -1000]);
  return new spy.AnalogData({ data: { data, shape: [n, nChannels], dtype: "float32" }, samplerate: FS, trialdefinition: trl });
}

const noiseOnce = once(() => sigLayoutNoise());
/** Syncopy's sigdata layout (8 trials of 1000 samples from -0.5 s, 32 channels) with trials that differ. */
function sigLayoutNoise(): spy.AnalogData {
  const noise = spy.synthdata.white_noise({ nTrials: null, nSamples: N_TRIALS * FS, nChannels: N_CHANNELS, seed: 13 }) as spy.NDArray;
  return new spy.AnalogData({
    data: noise, samplerate: FS, trialdefinition: range(0, N_TRIALS).map((k) => [k * FS, (k + 1) * FS, -500]),
  });
}

const nonequiOnce = [once(() => nonequidistant(false)), once(() => nonequidistant(true))];
function nonequidistant(overlapping: boolean): spy.AnalogData {
  const shift = overlapping ? 1 : -1;
  return artificial(N_TRIALS, N_CHANNELS, (k) => [
    k === 0 ? 0 : k * ART_LEN - shift * ART_OFFSETS[k],
    k === N_TRIALS - 1 ? N_TRIALS * ART_LEN : (k + 1) * ART_LEN + shift * ART_OFFSETS[k],
  ]);
}

/** Syncopy's artdataSelections (latency None = everything; [-0.5, 0.6] on trials from -1 s: samples 500..1600). */
const ART_SELECTIONS: { select: Record<string, unknown> | null; trials: number[]; channels: number[]; latency: [number, number] | null }[] = [
  { select: null, trials: range(0, N_TRIALS), channels: range(0, N_CHANNELS), latency: null },
  { select: { trials: [3, 1, 0], channel: CHANNEL_NAMES_12_27_REVERSED, latency: null }, trials: [3, 1, 0], channels: range(11, 27).reverse(), latency: null },
  { select: { trials: [0, 1, 2], channel: range(0, N_CHANNELS / 2), latency: [-0.5, 0.6] }, trials: [0, 1, 2], channels: range(0, 16), latency: [500, 1601] },
];

/** Syncopy's checks on non-equidistant trials: total length, per-trial times, labels. */
function checkShapes(out: spy.AnalogData, input: spy.AnalogData, c: typeof ART_SELECTIONS[number]): void {
  const trl = input.trialdefinition;
  const lengths = c.trials.map((k) => (c.latency ? c.latency[1] - c.latency[0] : trl[k][1] - trl[k][0]));
  expect(out.shape[0]).toBe(lengths.reduce((a, b) => a + b, 0));
  expect(out.trials.length).toBe(c.trials.length);
  expect(out.channel).toEqual(c.channels.map((i) => input.channel[i]));
  c.trials.forEach((trlno, tk) => {
    const time = input.time[trlno];
    const want = c.latency ? time.subarray(c.latency[0], c.latency[1]) : time;
    expect(bitsEqual(out.time[tk], want)).toBe(true);
  });
}

describe("test_computationalroutine: sequential, non-equidistant trials", () => {
  test.each([false, true])("overlapping=%s: lengths, times and labels per selection; selecting first gives the same bits", async (overlapping) => {
    const data = nonequiOnce[overlapping ? 1 : 0]();
    // the trial layout is Syncopy's: first at 0, last ending at nTrials x 3000, offsets of [300, 600)
    const trl = data.trialdefinition;
    expect(trl[0][0]).toBe(0);
    expect(trl[N_TRIALS - 1][1]).toBe(N_TRIALS * ART_LEN);
    if (overlapping) expect(trl[1][0]).toBeLessThan(trl[0][1]);
    for (const c of ART_SELECTIONS) {
      const out = await spy.preprocessing(data, { ...LOWPASS, select: c.select as never, parallel: false });
      checkShapes(out, data, c);
      sameResult(out, await spy.preprocessing(await preselected(data, c.select), { ...LOWPASS, parallel: false }));
    }
  });
});

describe("test_computationalroutine: save and load", () => {
  const sigdata = sigdataOnce();

  test.each([false, true])("parallel=%s: results (and pre-selected results) survive save/load with values, labels, times and log", async (parallel) => {
    for (const [sk, c] of SIG_CASES.entries()) {
      const out = await spy.preprocessing(sigdata, { ...LOWPASS, select: c.select as never, parallel });
      expect(out.trials.length).toBe(c.trials.length);
      // the log names the computation and its settings (Syncopy: "lowpass" and the log_dict entries)
      for (const line of ["computed preprocessing_cF with settings", "\tfilter_type = lp", "\tfreq = 50", "\torder = 8", "\tdirection = twopass"]) {
        expect(out.log).toContain(line);
      }
      const outSel = await spy.preprocessing(await preselected(sigdata, c.select), { ...LOWPASS, parallel });
      expect(outSel.trials.length).toBe(out.trials.length);

      const dummy = await spy.load(await out.save(path.join(tmp, `dummy_${parallel}_${sk}`))) as spy.AnalogData;
      checkFiltered(dummy, sigdata, c);
      sameResult(out, dummy);
      expect(dummy.log).toContain("computed preprocessing_cF with settings");
      expect(dummy.cfg).toEqual(out.cfg);
      const dummy2 = await spy.load(await outSel.save(path.join(tmp, `dummy2_${parallel}_${sk}`))) as spy.AnalogData;
      sameResult(dummy, dummy2);
    }
  });
});

describe("test_computationalroutine: parallel equals sequential", () => {
  const sigdata = sigdataOnce();

  test("equidistant: every selection, with and without chan_per_worker, keeptrials true and false", async () => {
    for (const c of SIG_CASES) {
      const seq = await spy.preprocessing(sigdata, { ...LOWPASS, select: c.select as never, parallel: false });
      const selected = await preselected(sigdata, c.select);
      for (const chan_per_worker of [null, CHAN_PER_WORKER]) {
        const out = await spy.preprocessing(sigdata, { ...LOWPASS, select: c.select as never, parallel: true, chan_per_worker });
        checkFiltered(out, sigdata, c);
        sameResult(seq, out);
        sameResult(seq, await spy.preprocessing(selected, { ...LOWPASS, parallel: true, chan_per_worker }));
      }
      // keeptrials=false in parallel (chan_per_worker is disabled there, as in Syncopy)
      const kw = { method: "mtmfft", taper: "hann", foilim: [0, 100], keeptrials: false } as const;
      const noisy = noiseOnce();
      const avgSeq = await spy.freqanalysis(noisy, { ...kw, select: c.select, parallel: false } as never);
      for (const chan_per_worker of [null, CHAN_PER_WORKER]) {
        sameResult(avgSeq, await spy.freqanalysis(noisy, { ...kw, select: c.select, parallel: true, chan_per_worker } as never));
      }
      sameResult(avgSeq, await spy.freqanalysis(await preselected(noisy, c.select), { ...kw, parallel: true } as never));
    }
  });

  test("non-equidistant, overlapping or not: every selection, with and without chan_per_worker", async () => {
    for (const overlapping of [false, true]) {
      const data = nonequiOnce[overlapping ? 1 : 0]();
      for (const c of ART_SELECTIONS) {
        const seq = await spy.preprocessing(data, { ...LOWPASS, select: c.select as never, parallel: false });
        for (const chan_per_worker of [null, CHAN_PER_WORKER]) {
          const out = await spy.preprocessing(data, { ...LOWPASS, select: c.select as never, parallel: true, chan_per_worker });
          checkShapes(out, data, c);
          sameResult(seq, out);
        }
        sameResult(seq, await spy.preprocessing(await preselected(data, c.select), { ...LOWPASS, parallel: true, chan_per_worker: CHAN_PER_WORKER }));
      }
    }
  });
});

// =====================================================================================================
// 2. test_decorators.py
// =====================================================================================================

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const N_CHAN = 13;

/**
 * Syncopy's 13 objects: object n has the channels LETTERS[n .. n + 12], so "M" is common to all.
 * Two trials of 10 samples; every value of object n on the channel of letter index L is 100 n + L.
 */
function letterObjects(): spy.AnalogData[] {
  return range(0, N_CHAN).map((n) => {
    const trial = () => ({ data: Float64Array.from({ length: 10 * N_CHAN }, (_, i) => 100 * n + n + (i % N_CHAN)), shape: [10, N_CHAN], dtype: "float64" as const });
    return new spy.AnalogData({ data: [trial(), trial()], samplerate: FS, channel: LETTERS.slice(n, n + N_CHAN).split("") });
  });
}

/** Which object a result came from, and the letter index of its first channel. */
function origin(res: unknown): { obj: number; letter: number } {
  const v = (res as spy.AnalogData).trials.get(0).data[0] as number;
  return { obj: Math.floor(v / 100), letter: v % 100 };
}

/** Python's group_objects(..., groupbychan=letter) -> filename or None: the object, or null when it lacks the channel. */
async function grouped(run: () => Promise<unknown>): Promise<number | null> {
  try {
    return origin(await run()).obj;
  } catch (e) {
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect((e as Err).param).toBe("channel");
    return null;
  }
}

describe("test_decorators (unwrap_cfg, unwrap_select)", () => {
  const objs = letterObjects();
  const data = objs[0];
  const f = spy.selectdata as unknown as AnyCall;
  const mean = spy.mean as unknown as AnyCall;

  test("test_validcallstyles: every call form hands over the one data object", async () => {
    const cfg = { channel: null };                    // Python: cfg.groupbychan = None
    const forms: [string, () => Promise<unknown>][] = [
      ["f(data)", () => f(data)],
      ["f(data=data) / f(cfg) with cfg.data", () => f({ data })],
      ["f(data, cfg)", () => f(data, cfg)],
      ["f(cfg, data)", () => f(cfg, data)],
      ["f(data, cfg=cfg)", () => f(data, { cfg })],
      ["f(cfg, data=data)", () => f(cfg, { data })],
      ["f(cfg=cfg, data=data)", () => f({ cfg, data })],
    ];
    for (const [, run] of forms) {
      const res = await run() as spy.AnalogData;
      expect(origin(res)).toEqual({ obj: 0, letter: 0 });
      expect(res.channel).toEqual(data.channel);
    }
    expect(cfg).toEqual({ channel: null });            // the user's cfg is not changed
  });

  test("test_invalidcallstyles: data given twice, cfg given twice, a keyword in cfg and call, data with dataset, no data object", async () => {
    for (const key of ["data", "dataset"]) {
      const cfg = { [key]: data };
      // data + cfg with data (Python: f(data, cfg) and f(data, data=data), the same call here)
      await badValue(() => f(data, cfg), key, /given once: selectdata\(data, \{\.\.\.\}\) or (data|dataset) in the cfg, not both/);
      await badValue(() => f(data, { data }), "data", /given positionally and as data/);
      await badValue(() => f(data, { dataset: data }), "dataset", /given positionally and as dataset/);
      // cfg with data + keyword + positional
      await expect(f(data, cfg, { data })).rejects.toThrow(spy.SPYValueError);
      await expect(f(data, cfg, { dataset: data })).rejects.toThrow(spy.SPYValueError);
      // cfg with data + keyword
      await expect(f(cfg, { data })).rejects.toThrow(/data object (in the cfg and in the keywords|as either data or dataset, not both)/);
      await expect(f(cfg, { dataset: data })).rejects.toThrow(/data object (in the cfg and in the keywords|as either data or dataset, not both)/);
    }
    // cfg (no data) given positionally and as keyword
    const cfg = { channel: null };
    await badValue(() => f(data, cfg, { cfg }), "cfg", /the cfg either positionally or as the keyword cfg, not both/);
    // a keyword set via cfg and as keyword
    await badValue(() => f(data, cfg, { channel: "invalid" }), "channel", /given once: either in the cfg or as a keyword, not both/);
    // both data and dataset in cfg / keywords
    await badValue(() => f({ data, dataset: data }), "data/dataset", /either data or dataset, not both/);
    await badValue(() => f({ cfg: {}, data, dataset: data }), "data/dataset", /either data or dataset, not both/);
    // data is not a data object (Syncopy: SPYError "`data` must be Syncopy data object!"; SPYTypeError is one)
    await wrongType(() => f({ data: "invalid" }), "data", /a spyts data object/);
    // cfg is not a dict
    await wrongType(() => f({ cfg: "invalid" }), "cfg", /a dict of keywords/);
  });

  test("test_varargin: per-object calls, grouping by channel through cfg and keywords, select in keywords and cfg", async () => {
    expect((await Promise.all(objs.map((d) => f(d)))).map((r) => origin(r).obj)).toEqual(range(0, N_CHAN));
    expect(origin(await f({ data: objs[0] })).obj).toBe(0);

    for (const letter of ["L", "E", "I", "A"]) {
      const letterIdx = LETTERS.indexOf(letter);
      const want = range(0, letterIdx + 1);             // the objects that hold `letter`
      const keep = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);

      // data positional + keyword (the reference)
      const groupList = keep(await Promise.all(objs.map((d) => grouped(() => f(d, { channel: [letter] })))));
      expect(groupList).toHaveLength(letterIdx + 1);
      expect(groupList).toEqual(want);
      const cfg = { channel: [letter] };
      expect(keep(await Promise.all(objs.map((d) => grouped(() => f(d, cfg)))))).toEqual(groupList);
      expect(keep(await Promise.all(objs.map((d) => grouped(() => f(cfg, d)))))).toEqual(groupList);
      expect(keep(await Promise.all(objs.map((d) => grouped(() => f(d, { cfg })))))).toEqual(groupList);
      // cfg with dataset and the keyword
      const one = await f({ dataset: objs[0], channel: [letter] }) as spy.AnalogData;
      expect(origin(one)).toEqual({ obj: 0, letter: letterIdx });
      expect(one.channel).toEqual([letter]);

      // data positional + select keyword, and data positional + cfg with select (spy.mean over time)
      const sel = { channel: [letter] };
      const viaKw = await Promise.all(objs.slice(0, letterIdx + 1).map((d) => mean(d, { dim: "time", select: sel })));
      const viaCfg = await Promise.all(objs.slice(0, letterIdx + 1).map((d) => mean(d, { select: sel }, { dim: "time" })));
      for (const list of [viaKw, viaCfg]) {
        expect(list.map((r) => origin(r).obj)).toEqual(groupList);
        for (const r of list) {
          expect(origin(r).letter).toBe(letterIdx);
          expect((r as spy.AnalogData).channel).toEqual([letter]);
        }
      }
    }

    // an invalid selection (Syncopy: "expected list/array of channel existing names or indices")
    await badValue(() => mean(objs[0], { dim: "time", select: { channel: ["Z"] } }), "channel", /"Z".*existing labels/);
    // cfg.data is not a data object
    await wrongType(() => f({ data: "invalid" }), "data");
  });
});

// =====================================================================================================
// 3. test_parsers.py
// =====================================================================================================

describe("test_parsers: io_parser (spy.load / spy.save)", () => {
  const data = spy.synthdata.white_noise({ nTrials: 2, nSamples: 100, nChannels: 2, samplerate: FS, seed: 3 }) as spy.AnalogData;

  test("test_none: no path is a SPYTypeError", async () => {
    await wrongType(() => spy.load(null as never), "filename");
    await wrongType(() => spy.save(data, null as never), "filename");
  });

  test("test_exists / test_isfile / test_ext: a missing container is a SPYIOError; a plain file or a foreign extension a SPYValueError", async () => {
    const e = await errorOf(() => spy.load(path.join("unlikely", "folder", "to", "exist")));
    expect(e).toBeInstanceOf(spy.SPYIOError);
    expect(e.message).toMatch(/does not exist/);
    // a file (not a container) with a foreign extension, "a7f3.lfp"
    const lfp = path.join(tmp, "a7f3.lfp");
    fs.writeFileSync(lfp, "x");
    await badValue(() => spy.load(lfp), "filename", /a \.spy container/);
    await badValue(() => spy.save(data, path.join(tmp, "a7f3.mua")), "filename", /ending in \.spy/);
  });
});

describe("test_parsers: scalar_parser (numeric keywords)", () => {
  const data = spy.synthdata.white_noise({ nTrials: 2, nSamples: 500, nChannels: 2, samplerate: FS, seed: 4 }) as spy.AnalogData;

  test("test_none: a required number given as null is a SPYTypeError (preprocessing freq)", async () => {
    await wrongType(() => spy.preprocessing(data, { filter_type: "lp", freq: null }), "freq");
    // Syncopy's resampledata runs scalar_parser on resamplefs (default 1.0): None is a SPYTypeError
    await wrongType(() => spy.resampledata(data, { resamplefs: null as never }), "resamplefs");
  });

  test("test_within_limits: inside Syncopy's lims passes, outside is a SPYValueError (resampledata resamplefs in [1, samplerate])", async () => {
    const out = await spy.resampledata(data, { resamplefs: 440 });
    expect(out.samplerate).toBe(440);
    await badValue(() => spy.resampledata(data, { resamplefs: 2 * FS }), "resamplefs");
  });

  test("test_integer_like: an integral float passes an int_like keyword (preprocessing order)", async () => {
    // 4.0 === 4 in JavaScript; the fractional case (order 5.6) is in errorClasses.test.ts
    const a = await spy.preprocessing(data, { freq: 100, order: 4.0 });
    const b = await spy.preprocessing(data, { freq: 100, order: 4 });
    sameResult(a, b);
    await badValue(() => spy.preprocessing(data, { freq: 100, order: 440.5 }), "order", /an integer/);
  });
});

describe("test_parsers: array_parser (array keywords)", () => {
  const data = spy.synthdata.white_noise({ nTrials: 2, nSamples: 1000, nChannels: 3, samplerate: FS, seed: 5 }) as spy.AnalogData;
  const fa = spy.freqanalysis as unknown as AnyCall;
  const pp = spy.preprocessing as unknown as AnyCall;
  const stacked = { data: new Float64Array(30), shape: [10, 3], dtype: "float64" as const };

  test("test_none: a required array given as null is a SPYTypeError (band-pass freq)", async () => {
    await wrongType(() => pp(data, { filter_type: "bp", freq: null }), "freq");
  });

  test("test_1d_ndims / test_2d_shape: a nested array where a flat one belongs, and vice versa", async () => {
    // Syncopy: SPYValueError ("expected 1-dimensional")
    await badValue(() => fa(data, { foi: [[1, 2], [3, 4]] }), "foi");
    await badValue(() => fa(data, { foilim: [[1, 2]] }), "foilim");
    await badValue(() => pp(data, { filter_type: "bp", freq: [[10, 20]] }), "freq");
    // trialdefinition is 2-D with 3 (or more) columns: valid shapes pass, others are refused
    const ok = new spy.AnalogData({ data: stacked, samplerate: 2, trialdefinition: [[0, 5, 0], [5, 10, 0]] });
    expect(ok.trialdefinition).toEqual([[0, 5, 0], [5, 10, 0]]);
    expect(() => new spy.AnalogData({ data: stacked, samplerate: 2, trialdefinition: [[0, 5], [5, 10]] })).toThrow(spy.SPYValueError);
    expect(() => new spy.AnalogData({ data: stacked, samplerate: 2, trialdefinition: [[[0, 5, 0]]] as never })).toThrow(spy.SPYValueError);
    expect(() => new spy.AnalogData({ data: stacked, samplerate: 2, trialdefinition: [0, 5, 0] as never })).toThrow(spy.SPYTypeError);
  });

  test("test_1d_shape: a fixed-length array of the wrong length is a SPYValueError (foilim, band-pass freq: 2 elements)", async () => {
    await badValue(() => fa(data, { foilim: [1, 2, 3] }), "foilim");
    await badValue(() => pp(data, { filter_type: "bp", freq: [10] }), "freq");
    await badValue(() => pp(data, { filter_type: "bp", freq: [10, 20, 30] }), "freq");
    // any length passes a 1-D keyword of unknown size (foi), given as a list or a typed array
    for (const foi of [[1, 2, 3], new Float64Array([1, 2, 3]), new Float32Array([1, 2, 3])]) {
      const spec = await fa(data, { foi }) as spy.SpectralData;
      expect(Array.from(spec.freq)).toEqual([1, 2, 3]);
    }
  });

  test("test_1d_newaxis: a column (N x 1 nested list) is not a 1-D array here (unsupported: keyword arrays are flat)", async () => {
    // Syncopy accepts time[:, np.newaxis] for dims=(N,); spyts takes flat lists or typed arrays and
    // refuses a column as an array of the wrong shape (SPYValueError)
    await badValue(() => fa(data, { foi: [[1], [2], [3]] }), "foi");
    await badValue(() => fa(data, { method: "mtmconvol", t_ftimwin: 0.1, toi: [[-0.5], [-0.4], [-0.3]] }), "toi");
  });

  test("test_1d_lims: values inside [0, fs/2] pass (both ends included)", async () => {
    // outside ([0, 600], [-1, 5]) is a SPYValueError: errorClasses.test.ts (foi, foilim)
    const spec = await fa(data, { foi: [0, 250, 500] }) as spy.SpectralData;
    expect(Array.from(spec.freq)).toEqual([0, 250, 500]);
  });

  test("test_ntype: a string where a numeric array belongs is a SPYTypeError, a mixed-type array a SPYValueError", async () => {
    await wrongType(() => pp(data, { filter_type: "bp", freq: "10, 20" }), "freq");
    // Syncopy's array_parser: "expected dtype = numeric", a SPYValueError
    await badValue(() => fa(data, { foi: [3, "s"] }), "foi");
    await badValue(() => spy.selectdata(data, { trials: [0, "s"] as never }), "trials");
  });

  test("test_character_list: a list of channel names must have one name per channel", () => {
    const names = ["channel1", "channel2", "channel3"];
    expect(new spy.AnalogData({ data: stacked, samplerate: 2, channel: names }).channel).toEqual(names);
    expect(() => new spy.AnalogData({ data: stacked, samplerate: 2, channel: [...names, "channel4"] })).toThrow(/exactly 3 names/);
    expect(() => new spy.AnalogData({ data: stacked, samplerate: 2, channel: [names] as never })).toThrow(spy.SPYTypeError);
  });

  test("test_sorted_arrays: toi arrays must be ascending, 1-D, numeric and non-empty", async () => {
    const conv = { method: "mtmconvol", t_ftimwin: 0.1, foilim: [0, 50] };
    const ladder = [-0.5, -0.4, -0.3, -0.2];
    const tf = await fa(data, { ...conv, toi: ladder }) as spy.SpectralData;
    expect(tf.time[0].length).toBe(ladder.length);
    ladder.forEach((t, i) => expect(tf.time[0][i]).toBeCloseTo(t, 12));
    await badValue(() => fa(data, { ...conv, toi: [...ladder].reverse() }), "toi", /strictly increasing/);
    await badValue(() => fa(data, { ...conv, toi: [-0.4, -0.5, -0.1] }), "toi", /strictly increasing/);
    await badValue(() => fa(data, { ...conv, toi: [] }), "toi", /non-empty/);
    await badValue(() => fa(data, { ...conv, toi: [[-0.5, -0.4], [-0.3, -0.2]] }), "toi");
    // Syncopy: SPYValueError "expected dtype = numeric"
    await badValue(() => fa(data, { ...conv, toi: ["a", "b", "c"] }), "toi");
    // latency is a sorted pair too
    await badValue(() => spy.selectdata(data, { latency: [0.2, -0.2] }), "latency", /t0 < t1/);
  });
});

describe("test_parsers: data_parser (the data argument of metafunctions)", () => {
  const data = spy.synthdata.white_noise({ nTrials: 2, nSamples: 200, nChannels: 2, samplerate: FS, seed: 6 }) as spy.AnalogData;
  const fa = spy.freqanalysis as unknown as AnyCall;

  test("test_none: no data object is a SPYTypeError naming data", async () => {
    await wrongType(() => fa(null), "data");
    await wrongType(() => spy.preprocessing(null as never, { freq: 10 }), "data");
  });

  test("test_dataclass: AnalogData passes freqanalysis; SpectralData is a SPYTypeError", async () => {
    const spec = await spy.freqanalysis(data, {});
    expect(spec).toBeInstanceOf(spy.SpectralData);
    await wrongType(() => fa(spec), "data", /AnalogData/);
    await wrongType(() => spy.preprocessing(spec as never, { freq: 10 }), "data", /AnalogData/);
  });

  test("test_empty: an object without data is a SPYValueError naming data, at every metafunction; with data it passes", async () => {
    const empty = () => new spy.AnalogData({ samplerate: 2 });
    const calls: [string, (d: spy.AnalogData) => Promise<unknown>][] = [
      ["freqanalysis", (d) => fa(d)],
      ["preprocessing", (d) => spy.preprocessing(d, { freq: 0.5 })],
      ["resampledata", (d) => spy.resampledata(d, { resamplefs: 1 })],
      ["selectdata", (d) => spy.selectdata(d, {})],
      ["mean", (d) => spy.mean(d, { dim: "time" })],
      ["connectivityanalysis", (d) => spy.connectivityanalysis(d, { method: "coh" })],
      ["timelockanalysis", (d) => spy.timelockanalysis(d, {})],
      ["redefinetrial", (d) => spy.redefinetrial(d, { toilim: [0, 1] })],
    ];
    for (const [, call] of calls) await badValue(() => call(empty()), "data", /empty AnalogData/);
    // Syncopy: data.data = np.ones((3, 10)); samplerate = 2 -> passes
    const filled = new spy.AnalogData({ data: { data: new Float64Array(30).fill(1), shape: [3, 10], dtype: "float64" }, samplerate: 2 });
    expect((await spy.selectdata(filled, {})).shape).toEqual([3, 10]);
  });

  test("test_dimord: a dimord other than the class's is a SPYValueError naming dimord (README: custom dimords are not supported yet)", async () => {
    await badValue(() => new spy.AnalogData({ data: stacked2(), samplerate: 2, dimord: ["freq", "chan"] }), "dimord", /default dimord/);
  });
});

function stacked2(): spy.NDArray {
  return { data: new Float64Array(20), shape: [10, 2], dtype: "float64" };
}

describe("test_parsers: test_get_defaults", () => {
  test("get_defaults lists Syncopy's signature of preprocessing with its defaults (plus parallel and select)", () => {
    expect(spy.get_defaults(spy.preprocessing)).toEqual({
      filter_class: "but", filter_type: "lp", freq: null, order: null, direction: "twopass", window: "hamming",
      polyremoval: null, zscore: false, rectify: false, hilbert: false, parallel: null, select: null,
    });
    expect(spy.get_defaults(spy.resampledata)).toEqual({ resamplefs: 1.0, method: "resample", lpfreq: null, order: null, parallel: null, select: null });
  });
});
