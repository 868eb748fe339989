/**
 * spyts' FOOOF against FOOOF's fit restated with numpy and scipy 1.10's curve_fit
 * (bench/fooof_scipy.py; it reproduces the golden fooof 1.1.1 outputs to ~1e-9) on random
 * spectra beyond the golden cases: n_peaks exactly, parameters and model at the golden FOOOF
 * tolerance (rtol 1e-3, atol 1e-3 x max). Runs when /usr/bin/python3 has scipy (CI installs it).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fooof } from "../../src/fooof";
import { toleranceRatio } from "../helpers/golden";

const python = "/usr/bin/python3";
const haveScipy = fs.existsSync(python) && spawnSync(python, ["-c", "import scipy.optimize"]).status === 0;
if (!haveScipy && process.env.CI) {
  test("python3 with scipy is present in CI", () => { throw new Error("/usr/bin/python3 with scipy not found"); });
}
const TOL = { rtol: 1e-3, atol_scale: 1e-3 };
const FREQS = Array.from({ length: 199 }, (_, i) => 1 + 0.5 * i);

function spectra(knee: boolean, count: number, seed0: number): number[][] {
  let s = seed0;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return Array.from({ length: count }, () => {
    const off = -1 + 3 * u(), ex = 0.8 + 1.4 * u(), kn = knee ? 5 + 45 * u() : 0;
    const peaks = Array.from({ length: Math.floor(u() * 4) }, () => [5 + 85 * u(), 0.2 + 0.8 * u(), 0.8 + 3 * u()]);
    const noise = 0.005 + 0.03 * u();
    return FREQS.map((f) => {
      let v = off - Math.log10(kn + f ** ex) + noise * normal();
      for (const [c, h, sd] of peaks) v += h * Math.exp(-((f - c) ** 2) / (2 * sd * sd));
      return 10 ** v;
    });
  });
}

interface PyFit { aperiodic_params: number[]; gaussian_params: number[][]; peak_params: number[][]; n_peaks: number; r_squared: number; error: number; fooofed: number[]; failed?: string }

function runScipy(powers: number[][], settings: Record<string, unknown>): PyFit[] {
  const file = path.join(os.tmpdir(), `spyts-fooof-xcheck-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify({ freqs: FREQS, spectra: powers, settings, repeat: 1 }));
  try {
    const res = spawnSync(python, [path.resolve(__dirname, "../../bench/fooof_scipy.py"), file], { encoding: "utf8", maxBuffer: 1 << 27 });
    if (res.status !== 0) throw new Error(res.stderr);
    return JSON.parse(res.stdout).results;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

(haveScipy ? describe : describe.skip)("FOOOF against the numpy/scipy restatement, random spectra", () => {
  const cases: [string, boolean, Record<string, unknown>, number][] = [
    ["defaults, fixed", false, {}, 101],
    ["min_peak_height 0.1, peak_width_limits [1, 8], fixed", false, { min_peak_height: 0.1, peak_width_limits: [1, 8] }, 202],
    ["knee, max_n_peaks 4", true, { aperiodic_mode: "knee", max_n_peaks: 4 }, 303],
  ];
  for (const [label, knee, settings, seed] of cases) {
    test(label, () => {
      const powers = spectra(knee, knee || Object.keys(settings).length ? 16 : 8, seed);
      const ref = runScipy(powers, settings);
      const worst: Record<string, number> = {};
      powers.forEach((p, k) => {
        const fit = fooof(FREQS, p, settings);
        const r = ref[k];
        expect(r.failed).toBeUndefined();
        expect(fit.n_peaks).toBe(r.n_peaks);
        const check = (name: string, a: number[], b: number[]) => {
          const t = toleranceRatio(a, b, TOL);
          worst[name] = Math.max(worst[name] ?? 0, t);
          if (!(t <= 1)) throw new Error(`spectrum ${k}: ${name} tolerance ratio ${t}`);
        };
        check("aperiodic_params", fit.aperiodic_params, r.aperiodic_params);
        check("gaussian_params", fit.gaussian_params.flat(), r.gaussian_params.flat());
        check("peak_params", fit.peak_params.flat(), r.peak_params.flat());
        check("fooofed", fit.fooofed_spectrum, r.fooofed);
        check("r_squared/error", [fit.r_squared, fit.error], [r.r_squared, r.error]);
      });
      if (process.env.SPYTS_VERBOSE) console.log(label, worst);
    });
  }
});
