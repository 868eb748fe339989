/**
 * The interleaved IIR kernels (src/preproc/biquad.ts): scipy's sosfiltfilt / sosfilt along axis 0
 * of [nObs, nCh] rows, on the wasm path (float64 bit-identical to the TypeScript reference,
 * float32 close to it) and the TypeScript path, against the golden scipy case and scipy values.
 */
import { sosfiltfiltInterleaved, sosfiltInterleaved } from "../../src/preproc/biquad";
import { BiquadWasm, setMaxWorkBytes } from "../../src/preproc/biquadWasm";
import { setKernelPath } from "../../src/wasm/kernelPath";
import { wasmModule } from "../../src/wasm/loader";
import { butter } from "../../src/preproc/butter";
import { sosfilt, sosfiltZi, sosfiltfiltPadlen } from "../../src/preproc/sosfilt";
import { goldenDescribe, readCase, readF64, readInput, readOutput, toleranceRatio, type GoldenCase, type GoldenInput } from "../helpers/golden";

afterEach(() => setKernelPath("auto"));

/** Deterministic int16-valued test signal: slow waves, a few spikes and noise, a different mix per channel. */
function recording(nObs: number, nCh: number, seed = 1): Int16Array {
  const x = new Int16Array(nObs * nCh);
  let s = seed >>> 0;
  for (let c = 0; c < nCh; c++) {
    // the sine by rotation (cheaper than Math.sin for the 1.6 M samples of the large cases)
    const w = 2 * Math.PI * (0.001 + 0.0007 * (c % 11)), cw = Math.cos(w), sw = Math.sin(w);
    const a = 200 + 37 * (c % 7), dc = ((c * 97) % 400) - 200;
    let re = a, im = 0;
    for (let i = 0, k = c; i < nObs; i++, k += nCh) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      x[k] = dc + im + (s >>> 26) - 32 - ((i + 13 * c) % 997 < 3 ? 900 : 0); // |value| < 1300, truncated to int16
      const t = re * cw - im * sw;
      im = re * sw + im * cw;
      re = t;
    }
  }
  return x;
}

/** Float64 copies keep the comparison loops monomorphic (fast) whatever the arrays' types. */
function f64(a: ArrayLike<number>): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const p = f64(a), q = f64(b);
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const e = Math.abs(p[i] - q[i]);
    if (!(e <= d)) d = Number.isNaN(e) ? Infinity : e;
  }
  return d;
}

function maxAbs(a: ArrayLike<number>): number {
  const p = f64(a);
  let m = 0;
  for (let i = 0; i < p.length; i++) m = Math.max(m, Math.abs(p[i]));
  return m;
}

function asType(x: Int16Array, kind: "int16" | "float32" | "float64"): Int16Array | Float32Array | Float64Array {
  return kind === "int16" ? x : kind === "float32" ? Float32Array.from(x) : Float64Array.from(x);
}

const SOS = butter(3, [300, 6000], "bandpass", 30000);

test("the filter module is built and loads", () => {
  expect(wasmModule("filter")).not.toBeNull();
});

goldenDescribe("golden sos_bandpass_300_6000_o3")("golden scipy sosfiltfilt, 300-6000 Hz band-pass on an int16 recording", () => {
  // Read on first use inside a test, not while jest collects: a missing file fails the tests, not the collection.
  let golden: { c: GoldenCase; input: GoldenInput; nObs: number; nCh: number; sos: Float64Array; expected: Float64Array } | undefined;
  function load(): NonNullable<typeof golden> {
    if (!golden) {
      const c = readCase("sos_bandpass_300_6000_o3");
      const input = readInput(c.inputs.data);
      const [nObs, nCh] = input.shape;
      golden = { c, input, nObs, nCh, sos: readF64(c.outputs.sos.file!), expected: readOutput(c.outputs.filtered) };
    }
    return golden;
  }

  for (const path of ["wasm", "ts"] as const) {
    test(`${path} path, float64, from int16 / float32 / float64 input, to float64 within the case's tolerance`, () => {
      const { c, input, nObs, nCh, sos, expected } = load();
      setKernelPath(path);
      expect(maxAbsDiff(butter(3, [300, 6000], "bandpass", 30000).flat(), sos)).toBeLessThan(1e-12);
      for (const kind of ["int16", "float32", "float64"] as const) {
        const out = new Float64Array(nObs * nCh);
        sosfiltfiltInterleaved(sos, asType(Int16Array.from(input.values), kind), nObs, nCh, out);
        expect(toleranceRatio(out, expected, c.tolerance)).toBeLessThanOrEqual(1);
      }
    });
  }

  test("wasm float32 stays within 1e-5 of the signal's maximum", () => {
    const { input, nObs, nCh, sos, expected } = load();
    setKernelPath("wasm");
    const out = new Float32Array(nObs * nCh);
    sosfiltfiltInterleaved(sos, Int16Array.from(input.values), nObs, nCh, out, { precision: "float32" });
    expect(maxAbsDiff(out, expected) / maxAbs(expected)).toBeLessThan(1e-5);
  });
});

describe("scipy's padtypes and padlen (values from scipy 1.10 sosfiltfilt, axis 0)", () => {
  const x = Int16Array.from([1, 299, -274, -891, -455, -992, 60, 1340, -492, -620, 490, 357, 105, -930, -29, 695, -1344, -458, -1901, -1290, -1842, -235, -1267, 271, 157, -187, -2517, -539, -49, 113, -1530, -478, -979, -809, 1061, -808, -33, 884, -584, -112]);
  const sos = [[0.13110643991662602, 0.26221287983325203, 0.13110643991662602, 1.0, -0.578864087474264, 0.3841299062257851], [1.0, -2.0, 1.0, 1.0, -1.6017937511285352, 0.7086533318887278]];
  const none = [-62.454393680490206, -230.7849745048164, -171.9967310059572, -469.73124207797014, -205.17993851815373, -298.3914853784492, -40.517194335317015, 79.360903543602518, 341.50771440283722, 247.69806552131365, 760.15189303433999, 189.03764915923909, 857.59408998456684, 119.7533788021754, 416.66456346338032, 27.573551294789553, -311.45961299944975, -167.844829361037, -746.98529147052591, -257.26799681081911, -551.58377036697925, -38.467217365843254, -21.850281384954201, 281.41455774154304, 253.35044099727548, 403.42123894286294, 103.34751346999622, 309.87942108826138, -161.55753375505037, 92.071200456604458, -239.35581564104598, -179.99482838338724, -100.18156155416966, -333.21603331719541, 33.753394341247485, -240.58867447069247, 29.378988582628665, -66.501059142469558, 2.2737367544323206e-13, 1.1368683772161603e-13];
  const cases: { padtype: "odd" | "even" | "constant" | null; padlen?: number; y: number[] }[] = [
    { padtype: "odd", y: [12.08188316498682, -5.8611370674719865, -165.47617260706619, -582.17478721082068, -193.76325295380715, -536.8815956173155, -2.7850252249467857, -86.15789968758385, 380.29708136155068, 192.19660014181486, 767.7135576163173, 187.26875076980096, 815.89909460475633, 120.12391864837711, 320.75711162153596, 14.846519963987863, -458.12454164688597, -189.90690508605587, -930.7010579666312, -286.11643023308255, -747.9367067635535, -77.41121065532414, -208.14698740633094, 226.14676616935458, 80.740840277556686, 324.2622043860917, -59.160661666757107, 202.468157210659, -259.98407271517766, -28.926844286142824, -98.979141441823117, -263.99930011552271, 493.26082847490949, -311.38497510935611, 1036.3185736146406, -100.13660125741521, 887.58880883938582, 79.783254890446571, 30.117987079700697, -1.6335871929350105] },
    { padtype: "even", y: [-52.436076046826699, -425.13180738441804, -84.623655554083214, -317.49797192041899, -123.69481837978924, -13.219121931089973, -0.21787754096108358, 294.21137224459108, 348.84145738905352, 349.05515421651131, 746.599535296863, 225.27772044348166, 818.27138945434569, 132.6636813163318, 334.63884892071599, 20.652490154857674, -451.34426021682339, -210.66706259924837, -949.41714513175293, -347.29817882112201, -811.34433609010921, -172.07564931834855, -330.24712686342423, 121.18544710715358, -93.734842023577016, 237.23342462219972, -256.34046680675294, 146.54724488459638, -461.25714902483838, -78.690180202955887, -350.44488674527639, -359.82679340527898, 96.982804873815837, -451.52909891074461, 521.3120332111688, -129.31574804611756, 615.2546255961671, 409.74916737340482, 578.31398976634262, 675.2651720587246] },
    { padtype: "constant", y: [-20.177096440920018, -215.49647222594507, -125.04991408057484, -449.83637956561995, -158.72903566679838, -275.05035877420278, -1.5014513829541301, 104.02673627850359, 364.56926937530193, 270.62587717916307, 757.15654645658992, 206.27323560664138, 817.08524202955084, 126.39379998235459, 327.69798027112597, 17.749505059422916, -454.7344009318544, -200.28698384265198, -940.05910154919161, -316.70730452710222, -779.6405214268309, -124.74342998683636, -269.19705713487724, 173.66610663825401, -6.497000873009938, 280.74781450414559, -157.750564236755, 174.50770104762756, -360.62061087000791, -53.808512244549547, -224.71201409354967, -311.91304676040107, 295.12181667436266, -381.45703701005061, 778.81530341290465, -114.7261746517666, 751.42171721777652, 244.76621113192553, 304.21598842302166, 336.8157924328948] },
    { padtype: null, y: none },
    { padtype: null, padlen: 7, y: none }, // scipy ignores padlen without padding
    { padtype: "even", padlen: 0, y: none },
    { padtype: "odd", padlen: 5, y: [19.928710344171094, 25.674664393126591, -204.89444831098052, -581.64354000826233, -270.49771855553047, -555.21988490837339, -100.50645586622232, -119.46829400656216, 278.01304540779574, 147.45975258106668, 671.81619574971137, 137.1534403865476, 731.223891121816, 71.564681974706048, 248.33024412919599, -26.475894839536561, -518.798264310268, -220.19474404634462, -980.42598536555101, -302.87652536409081, -787.14513047427863, -78.626949149393369, -236.00324414121508, 242.43109324757202, 67.389102875048991, 359.47416282678319, -52.376426124267255, 255.94982692492542, -226.779068503519, 38.35214378572951, -35.525474655318135, -190.70527794362508, 587.47678886041695, -238.85513821505884, 1163.2841284432764, -29.781973341769387, 1057.2593761965134, 146.69062442525751, 254.14598330060761, 41.330298274875616] },
    { padtype: "constant", padlen: 19, y: [-20.129383517710238, -215.483529228159, -125.03354815087761, -449.82922407207064, -158.75937006409754, -275.05244878869894, -1.5931122054750801, 104.01191502589401, 364.40488460248287, 270.59532473338271, 756.91431875083174, 206.22508992647937, 816.76969830289818, 126.3280875076386, 327.32658745348925, 17.668915943025837, -455.128570002304, -200.37640712304682, -940.42599850636145, -316.79570871368423, -779.91372684929945, -124.81708087336409, -269.29696648033217, 173.62435498667116, -6.3371628216244744, 280.75737430390421, -157.24779110903683, 174.58829541225646, -359.70933428197094, -53.639732452711556, -223.36241261055181, -311.64530663000795, 296.88434527164424, -381.09032874700438, 780.8934441515662, -114.27548760051999, 753.63534780916928, 245.26766076741728, 306.29566730082126, 337.31458012281354] },
  ];
  for (const path of ["wasm", "ts"] as const) {
    test(`${path} path: every padtype, default and explicit padlen`, () => {
      setKernelPath(path);
      for (const cs of cases) {
        const out = new Float64Array(40);
        sosfiltfiltInterleaved(sos, x, 20, 2, out, { padtype: cs.padtype, padlen: cs.padlen });
        expect(maxAbsDiff(out, cs.y) / maxAbs(cs.y)).toBeLessThan(1e-13);
      }
    });

    test(`${path} path: sosfilt with zi, final state in place`, () => {
      setKernelPath(path);
      const zi = Float64Array.from([0.78020862533224333, -1.0402781671096577, -0.17858466291663944, 0.23811288388885257, -0.97686828520718194, 1.3024910469429092, 0.97686828520718205, -1.3024910469429094]);
      const y = [-0.065553219958312647, 39.463038414904439, -36.262773339978217, -30.498241031335795, -138.66326654117836, -354.94318075106349, -149.28403810729043, -262.88119042567268, -27.673463237862791, 319.74406162052833, 121.46481973466224, 451.2013777615926, 288.54901585004006, 75.650232056070692, 271.70513434047291, -173.80857103385816, -126.5214244881042, -53.632769458202027, -739.28683153721681, -115.66457156847153, -1031.7863913477297, -375.3676413547177, -631.76919043871669, -127.68974036622211, 310.20745709854259, 352.83728856367583, 848.76493738168745, 363.03986722936077, 568.13738403311538, 83.205245119520669, 307.78780205970349, -41.108625344602189, 214.59351314932303, -141.67711190733962, 408.10168469218092, -290.66932369742557, 863.39028616533517, -69.625701419092138, 639.30837106529987, 435.73757286645264];
      const zf = [-29.696791740432083, 274.07242049084471, -200.78380890241422, -45.605254371564577, -79.845364421450427, 219.38712282174635, -129.673945574274, -228.2898098462237];
      const out = new Float64Array(40);
      sosfiltInterleaved(sos, x, 20, 2, out, zi);
      expect(maxAbsDiff(out, y) / maxAbs(y)).toBeLessThan(1e-13);
      expect(maxAbsDiff(zi, zf) / maxAbs(zf)).toBeLessThan(1e-13);
    });
  }
});

describe("wasm and TypeScript paths agree on awkward sizes", () => {
  const padlen = sosfiltfiltPadlen(SOS); // 21 for 3 sections
  const padtypes = ["odd", "even", "constant", null] as const;
  const kinds = ["int16", "float32", "float64"] as const;

  function both(x: Int16Array | Float32Array | Float64Array, nObs: number, nCh: number, opts: Parameters<typeof sosfiltfiltInterleaved>[5]) {
    setKernelPath("ts");
    const ref = new Float64Array(nObs * nCh);
    sosfiltfiltInterleaved(SOS, x, nObs, nCh, ref, opts);
    setKernelPath("wasm");
    const f64 = new Float64Array(nObs * nCh);
    sosfiltfiltInterleaved(SOS, x, nObs, nCh, f64, { ...opts, precision: "float64" });
    const f32 = new Float32Array(nObs * nCh);
    sosfiltfiltInterleaved(SOS, x, nObs, nCh, f32, { ...opts, precision: "float32" });
    return { ref, f64, f32 };
  }

  // every nCh x nObs, with the padtype and input type rotating so that each is met at every size class
  let k = 0;
  for (const nCh of [1, 2, 3, 4, 5, 7, 8, 9, 385]) {
    for (const nObs of [padlen + 1, 1000, 4097]) {
      if (nCh === 385 && nObs === 4097) continue; // the large case below covers it
      const padtype = padtypes[k % 4], kind = kinds[k % 3];
      k++;
      test(`nCh ${nCh}, nObs ${nObs}, padtype ${padtype}, ${kind} input: float64 identical, float32 within 1e-5`, () => {
        const x = asType(recording(nObs, nCh, nCh * 7 + nObs), kind);
        const { ref, f64, f32 } = both(x, nObs, nCh, { padtype });
        expect(maxAbsDiff(f64, ref)).toBe(0);
        expect(maxAbsDiff(f32, ref) / maxAbs(ref)).toBeLessThan(1e-5);
      });
    }
  }

  test("every padtype x input type on 9 channels x 4097 samples", () => {
    for (const padtype of padtypes) {
      for (const kind of kinds) {
        const x = asType(recording(4097, 9, 5), kind);
        const { ref, f64, f32 } = both(x, 4097, 9, { padtype, padlen: padtype === "even" ? 100 : undefined });
        expect(maxAbsDiff(f64, ref)).toBe(0);
        expect(maxAbsDiff(f32, ref) / maxAbs(ref)).toBeLessThan(1e-5);
      }
    }
  });

  test("385 channels x 4097 samples (int16), and a float32 output of the float64 path", () => {
    const x = recording(4097, 385, 3);
    const { ref, f64, f32 } = both(x, 4097, 385, {});
    expect(maxAbsDiff(f64, ref)).toBe(0);
    expect(maxAbsDiff(f32, ref) / maxAbs(ref)).toBeLessThan(1e-5);
    const narrowed = new Float32Array(x.length);
    sosfiltfiltInterleaved(SOS, x, 4097, 385, narrowed);
    expect(maxAbsDiff(narrowed, Float32Array.from(ref))).toBe(0);
  });

  test("a NaN spoils only its own channel", () => {
    const x = Float64Array.from(recording(500, 5, 9));
    x[100 * 5 + 2] = NaN;
    for (const precision of ["float64", "float32"] as const) {
      setKernelPath("wasm");
      const out = new Float64Array(x.length);
      sosfiltfiltInterleaved(SOS, x, 500, 5, out, { precision });
      for (let i = 0; i < 500; i++) {
        for (let c = 0; c < 5; c++) expect(Number.isNaN(out[i * 5 + c])).toBe(c === 2);
      }
    }
  });

  test("out may be x itself", () => {
    for (const path of ["wasm", "ts"] as const) {
      setKernelPath(path);
      const x = Float64Array.from(recording(700, 6, 4));
      const expected = new Float64Array(x.length);
      sosfiltfiltInterleaved(SOS, x, 700, 6, expected);
      sosfiltfiltInterleaved(SOS, x, 700, 6, x);
      expect(maxAbsDiff(x, expected)).toBe(0);
    }
  });

  test("keep: out holds rows [from, to) of the whole result, bit for bit, on both paths and in channel chunks", () => {
    const nObs = 3000, nCh = 21;
    const x = recording(nObs, nCh, 12);
    for (const path of ["wasm", "ts"] as const) {
      for (const precision of ["float64", "float32"] as const) {
        setKernelPath(path);
        const whole = new Float32Array(nObs * nCh);
        sosfiltfiltInterleaved(SOS, x, nObs, nCh, whole, { precision });
        // ranges across the kernel's output blocks, at the ends, and one row
        for (const [from, to] of [[1162, 2411], [0, 5], [2999, 3000], [0, 3000], [17, 2983]] as const) {
          const part = new Float32Array((to - from) * nCh);
          sosfiltfiltInterleaved(SOS, x, nObs, nCh, part, { precision, keep: [from, to] });
          expect(maxAbsDiff(part, whole.subarray(from * nCh, to * nCh))).toBe(0);
        }
        if (path === "wasm") {
          const part = new Float32Array((2411 - 1162) * nCh);
          const before = setMaxWorkBytes(3042 * 8 * 4 * 2); // channel chunks of 8: the other chunks' channels are kept
          try {
            sosfiltfiltInterleaved(SOS, x, nObs, nCh, part, { precision, keep: [1162, 2411] });
          } finally {
            setMaxWorkBytes(before);
          }
          expect(maxAbsDiff(part, whole.subarray(1162 * nCh, 2411 * nCh))).toBe(0);
        }
      }
    }
  });

  test("channels filtered in chunks when the padded signal exceeds the wasm work limit give the same numbers", () => {
    setKernelPath("wasm");
    const x = recording(3000, 21, 8);
    const whole = new Float64Array(x.length), chunked = new Float64Array(x.length);
    sosfiltfiltInterleaved(SOS, x, 3000, 21, whole);
    const before = setMaxWorkBytes(3042 * 8 * 4 * 2); // two lane groups of 4 float64 channels per chunk
    try {
      sosfiltfiltInterleaved(SOS, x, 3000, 21, chunked);
    } finally {
      setMaxWorkBytes(before);
    }
    expect(maxAbsDiff(chunked, whole)).toBe(0);
  });
});

describe("sosfiltInterleaved: causal filtering with carried state", () => {
  test("blocks filtered in turn with zi carried equal one call, and scipy's sosfilt (preproc) on both paths", () => {
    const nObs = 5000, nCh = 13;
    const x = recording(nObs, nCh, 11);
    const nSec = SOS.length;
    const zi0 = sosfiltZi(SOS);
    const zi = new Float64Array(2 * nSec * nCh);
    for (let r = 0; r < 2 * nSec; r++) for (let c = 0; c < nCh; c++) zi[r * nCh + c] = zi0[r] * x[c];
    const ref = sosfilt(SOS, x, { nChannels: nCh, zi });
    for (const path of ["wasm", "ts"] as const) {
      setKernelPath(path);
      const state = Float64Array.from(zi);
      const out = new Float64Array(nObs * nCh);
      const split = 1234 * nCh;
      sosfiltInterleaved(SOS, x.subarray(0, split), 1234, nCh, out.subarray(0, split), state);
      sosfiltInterleaved(SOS, x.subarray(split), nObs - 1234, nCh, out.subarray(split), state);
      expect(maxAbsDiff(out, ref.y)).toBe(0);
      expect(maxAbsDiff(state, ref.zf!)).toBe(0);
    }
    setKernelPath("wasm");
    const f32 = new Float32Array(nObs * nCh);
    sosfiltInterleaved(SOS, x, nObs, nCh, f32, Float64Array.from(zi), { precision: "float32" });
    expect(maxAbsDiff(f32, ref.y) / maxAbs(ref.y)).toBeLessThan(1e-5);
    // without zi the state starts at zero
    const noZi = new Float64Array(nObs * nCh);
    sosfiltInterleaved(SOS, x, nObs, nCh, noZi);
    expect(maxAbsDiff(noZi, sosfilt(SOS, x, { nChannels: nCh }).y)).toBe(0);
  });
});

describe("bad input is refused on both paths, naming the parameter", () => {
  const x = recording(100, 3);
  for (const path of ["wasm", "ts"] as const) {
    test(path, () => {
      setKernelPath(path);
      const out = new Float64Array(300);
      const call = (o: object, args: Partial<{ x: unknown; nObs: number; nCh: number; out: unknown }> = {}) => () =>
        sosfiltfiltInterleaved(SOS, (args.x ?? x) as Int16Array, args.nObs ?? 100, args.nCh ?? 3, (args.out ?? out) as Float64Array, o);
      expect(call({ padlen: 100 })).toThrow(/`nObs`: got 100; expected more than padlen = 100/);
      // the default padlen of 3 sections is 3 * (2 * 3 + 1) = 21
      expect(() => sosfiltfiltInterleaved(SOS, x.subarray(0, 22 * 3), 22, 3, new Float64Array(66), {})).not.toThrow();
      expect(() => sosfiltfiltInterleaved(SOS, x.subarray(0, 21 * 3), 21, 3, new Float64Array(63), {})).toThrow(/`nObs`: got 21; expected more than padlen = 21/);
      expect(call({}, { out: new Float64Array(299) })).toThrow(/`out`: got "299 values"; expected nObs \* nCh = 100 \* 3 = 300/);
      expect(call({}, { out: new Int32Array(300) })).toThrow(/`out`.*Float32Array or Float64Array/);
      expect(call({}, { nObs: 99 })).toThrow(/`x`: got "300 values"; expected nObs \* nCh = 99 \* 3 = 297/);
      expect(call({}, { x: [1, 2, 3] })).toThrow(/`x`.*Int16Array, Float32Array or Float64Array/);
      expect(call({}, { nCh: 0 })).toThrow(/`nCh`: got 0/);
      expect(call({ padtype: "reflect" })).toThrow(/`padtype`: got "reflect"; expected "odd", "even", "constant" or null/);
      expect(call({ padlen: -1 })).toThrow(/`padlen`: got -1/);
      expect(call({ precision: "float16" })).toThrow(/`precision`: got "float16"/);
      expect(call({ keep: [10, 20] })).toThrow(/`out`: got "300 values"; expected \(keep\[1\] - keep\[0\]\) \* nCh = 10 \* 3 = 30 values/);
      expect(call({ keep: [20, 10] }, { out: new Float64Array(30) })).toThrow(/`keep`: got "\[20, 10\]"; expected \[from, to\) with integers 0 <= from < to <= nObs = 100/);
      expect(call({ keep: [0, 101] }, { out: new Float64Array(303) })).toThrow(/`keep`.*<= nObs = 100/);
      expect(call({ keep: 5 })).toThrow(/`keep`/);
      expect(call({ keep: [0, 10] }, { out: new Float64Array(30) })).not.toThrow();
      expect(() => sosfiltfiltInterleaved([[1, 0, 0, 2, 0, 0]], x, 100, 3, out)).toThrow(/`sos`/);
      expect(() => sosfiltInterleaved(SOS, x, 100, 3, out, new Float64Array(17))).toThrow(/`zi`: got "17 values"; expected nSections \* 2 \* nCh = 3 \* 2 \* 3 = 18/);
    });
  }
});

test('setKernelPath("ts") runs the TypeScript code and "wasm" the kernel', () => {
  const x = recording(300, 4);
  const spyFf = jest.spyOn(BiquadWasm.prototype, "sosfiltfilt");
  const spyF = jest.spyOn(BiquadWasm.prototype, "sosfilt");
  try {
    setKernelPath("ts");
    sosfiltfiltInterleaved(SOS, x, 300, 4, new Float64Array(1200));
    sosfiltInterleaved(SOS, x, 300, 4, new Float64Array(1200));
    expect(spyFf).not.toHaveBeenCalled();
    expect(spyF).not.toHaveBeenCalled();
    setKernelPath("wasm");
    sosfiltfiltInterleaved(SOS, x, 300, 4, new Float64Array(1200));
    sosfiltInterleaved(SOS, x, 300, 4, new Float64Array(1200));
    expect(spyFf).toHaveBeenCalledTimes(1);
    expect(spyF).toHaveBeenCalledTimes(1);
  } finally {
    spyFf.mockRestore();
    spyF.mockRestore();
  }
});

describe("every section form of the row-major kernel gives the general form's bits (asm/lib/biquadSections.ts)", () => {
  // The row-major kernel leaves out operations that are exact without them where the numerator is
  // [1, b1, b2] (ONE), [1, b1, 1] (ONE_ONE), [1, 0, -1] (ODD) or [k, 2k, k] (SCALED); designs that
  // meet each form, and numerators that look like one but are not, against the TypeScript path
  // (scipy's operation order). 48 float64 channels = 12 lane groups: row-major.
  const designs: [string, number[][]][] = [
    ["band-pass (SCALED, ODD, ONE_ONE)", butter(3, [300, 6000], "bandpass", 30000)],
    ["low-pass order 4 (SCALED, ONE_ONE)", butter(4, 2000, "lowpass", 30000)],
    ["high-pass order 3 ([k, -2k, k]: GENERAL, then ONE_ONE and ONE)", butter(3, 300, "highpass", 30000)],
    ["band-stop order 2 ([1, c, 1] numerators)", butter(2, [1000, 3000], "bandstop", 30000)],
    ["hand-made: ONE, GENERAL, near-ODD, near-SCALED", [
      [1, 0.3, -0.5, 1, -1.2, 0.5],
      [0.2, 0.1, 0.3, 1, -0.9, 0.3],
      [1, 1e-300, -1, 1, -1.1, 0.4],            // b1 not exactly 0: not ODD
      [0.25, 0.5000000000000001, 0.25, 1, -1.5, 0.7], // b1 not exactly 2 b0: not SCALED
    ]],
    ["ODD with b2 = -1 alone, and b0 = 1 with b2 = -1 but b1 != 0", [
      [1, 0, -1, 1, -0.5, 0.2],
      [1, 0.5, -1, 1, -0.7, 0.35],
    ]],
  ];
  const nObs = 1500, nCh = 48;
  for (const [name, sos] of designs) {
    for (const kind of ["int16", "float64"] as const) {
      test(`${name}, ${kind} input: sosfiltfilt and sosfilt identical to the TypeScript path, float32 close`, () => {
        const x = asType(recording(nObs, nCh, 11), kind);
        const run = (path: "ts" | "wasm", precision: "float32" | "float64", twoPass: boolean) => {
          setKernelPath(path);
          const out = precision === "float64" ? new Float64Array(nObs * nCh) : new Float32Array(nObs * nCh);
          if (twoPass) sosfiltfiltInterleaved(sos, x, nObs, nCh, out, { precision });
          else sosfiltInterleaved(sos, x, nObs, nCh, out, undefined, { precision });
          return out;
        };
        for (const twoPass of [true, false]) {
          const ref = run("ts", "float64", twoPass);
          expect(maxAbs(ref)).toBeGreaterThan(1);
          expect(maxAbsDiff(run("wasm", "float64", twoPass), ref)).toBe(0);
          expect(maxAbsDiff(run("wasm", "float32", twoPass), ref) / maxAbs(ref)).toBeLessThan(1e-4);
        }
      });
    }
  }
});
