#!/usr/bin/python3
"""FOOOF 1.1.1's fit (fooof/objs/fit.py, FOOOF.fit without freq_range) restated with numpy and
scipy's curve_fit, for timing and cross-checking spyts where fooof itself cannot be installed
(no PyPI access). The steps, constants and curve_fit calls are FOOOF's; FOOOF's object
bookkeeping, reports and data checks are left out, so this is a lower bound on fooof's time.

Usage: fooof_scipy.py SPECTRA.json  with {"freqs": [...], "spectra": [[linear power], ...],
"settings": {FOOOF settings}, "repeat": R}. Prints one JSON line: per-spectrum best-of-R seconds
and every fit's results.
"""
import json
import sys
import time
import warnings

import numpy as np
from scipy.optimize import curve_fit


def gaussian_function(xs, *params):
    ys = np.zeros_like(xs)
    for ii in range(0, len(params), 3):
        ctr, hgt, wid = params[ii:ii + 3]
        ys = ys + hgt * np.exp(-(xs - ctr) ** 2 / (2 * wid ** 2))
    return ys


def expo_function(xs, *params):
    offset, knee, exp = params
    return np.zeros_like(xs) + offset - np.log10(knee + xs ** exp)


def expo_nk_function(xs, *params):
    offset, exp = params
    return np.zeros_like(xs) + offset - np.log10(xs ** exp)


class Fit:
    def __init__(self, peak_width_limits=(0.5, 12.0), max_n_peaks=np.inf, min_peak_height=0.0,
                 peak_threshold=2.0, aperiodic_mode='fixed', verbose=False):
        self.peak_width_limits = peak_width_limits
        self.max_n_peaks = max_n_peaks
        self.min_peak_height = min_peak_height
        self.peak_threshold = peak_threshold
        self.aperiodic_mode = aperiodic_mode
        self._ap_percentile_thresh = 0.025
        self._ap_bounds = ((-np.inf, -np.inf, -np.inf), (np.inf, np.inf, np.inf))
        self._bw_std_edge = 1.0
        self._gauss_overlap_thresh = 0.75
        self._cf_bound = 1.5
        self._maxfev = 5000
        self._gauss_std_limits = tuple(bwl / 2 for bwl in peak_width_limits)
        self.ap_func = expo_function if aperiodic_mode == 'knee' else expo_nk_function

    def fit(self, freqs, power):
        self.freqs = freqs
        self.freq_range = [freqs.min(), freqs.max()]
        self.freq_res = freqs[1] - freqs[0]
        self.power_spectrum = np.log10(power)
        ap = self._robust_ap_fit(freqs, self.power_spectrum)
        ap_fit = self.ap_func(freqs, *ap)
        self._spectrum_flat = self.power_spectrum - ap_fit
        gauss = self._fit_peaks(np.copy(self._spectrum_flat))
        peak_fit = gaussian_function(freqs, *np.ndarray.flatten(gauss))
        ap = self._simple_ap_fit(freqs, self.power_spectrum - peak_fit)
        ap_fit = self.ap_func(freqs, *ap)
        fooofed = peak_fit + ap_fit
        peaks = np.empty((len(gauss), 3))
        for ii, peak in enumerate(gauss):
            ind = np.argmin(np.abs(freqs - peak[0]))
            peaks[ii] = [peak[0], fooofed[ind] - ap_fit[ind], peak[2] * 2]
        r2 = np.corrcoef(self.power_spectrum, fooofed)[0][1] ** 2
        err = np.abs(self.power_spectrum - fooofed).mean()
        return {'aperiodic_params': ap.tolist(), 'gaussian_params': gauss.tolist(), 'peak_params': peaks.tolist(),
                'n_peaks': len(gauss), 'r_squared': float(r2), 'error': float(err), 'fooofed': fooofed.tolist()}

    def _bounds(self):
        return self._ap_bounds if self.aperiodic_mode == 'knee' else tuple(b[0::2] for b in self._ap_bounds)

    def _simple_ap_fit(self, freqs, power_spectrum):
        off = [power_spectrum[0]]
        kne = [0] if self.aperiodic_mode == 'knee' else []
        exp = [np.abs((self.power_spectrum[-1] - self.power_spectrum[0]) /
                      (np.log10(self.freqs[-1]) - np.log10(self.freqs[0])))]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            params, _ = curve_fit(self.ap_func, freqs, power_spectrum, p0=np.array(off + kne + exp),
                                  maxfev=self._maxfev, bounds=self._bounds())
        return params

    def _robust_ap_fit(self, freqs, power_spectrum):
        popt = self._simple_ap_fit(freqs, power_spectrum)
        flatspec = power_spectrum - self.ap_func(freqs, *popt)
        flatspec[flatspec < 0] = 0
        perc_mask = flatspec <= np.percentile(flatspec, self._ap_percentile_thresh)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            params, _ = curve_fit(self.ap_func, freqs[perc_mask], power_spectrum[perc_mask], p0=popt,
                                  maxfev=self._maxfev, bounds=self._bounds())
        return params

    def _fit_peaks(self, flat_iter):
        guess = np.empty([0, 3])
        while len(guess) < self.max_n_peaks:
            max_ind = np.argmax(flat_iter)
            max_height = flat_iter[max_ind]
            if max_height <= self.peak_threshold * np.std(flat_iter):
                break
            guess_freq, guess_height = self.freqs[max_ind], max_height
            if not guess_height > self.min_peak_height:
                break
            half_height = 0.5 * max_height
            le_ind = next((v for v in range(max_ind - 1, 0, -1) if flat_iter[v] <= half_height), None)
            ri_ind = next((v for v in range(max_ind + 1, len(flat_iter), 1) if flat_iter[v] <= half_height), None)
            try:
                short_side = min([abs(ind - max_ind) for ind in [le_ind, ri_ind] if ind is not None])
                guess_std = short_side * 2 * self.freq_res / (2 * np.sqrt(2 * np.log(2)))
            except ValueError:
                guess_std = np.mean(self.peak_width_limits)
            guess_std = min(max(guess_std, self._gauss_std_limits[0]), self._gauss_std_limits[1])
            guess = np.vstack((guess, (guess_freq, guess_height, guess_std)))
            flat_iter = flat_iter - gaussian_function(self.freqs, guess_freq, guess_height, guess_std)
        guess = self._drop_peak_cf(guess)
        guess = self._drop_peak_overlap(guess)
        if len(guess) > 0:
            gp = self._fit_peak_guess(guess)
            return gp[gp[:, 0].argsort()]
        return np.empty([0, 3])

    def _fit_peak_guess(self, guess):
        lo = [[p[0] - 2 * self._cf_bound * p[2], 0, self._gauss_std_limits[0]] for p in guess]
        hi = [[p[0] + 2 * self._cf_bound * p[2], np.inf, self._gauss_std_limits[1]] for p in guess]
        lo = [b if b[0] > self.freq_range[0] else [self.freq_range[0], *b[1:]] for b in lo]
        hi = [b if b[0] < self.freq_range[1] else [self.freq_range[1], *b[1:]] for b in hi]
        bounds = (tuple(x for s in lo for x in s), tuple(x for s in hi for x in s))
        params, _ = curve_fit(gaussian_function, self.freqs, self._spectrum_flat, p0=np.ndarray.flatten(guess),
                              maxfev=self._maxfev, bounds=bounds)
        return np.array([params[i:i + 3] for i in range(0, len(params), 3)])

    def _drop_peak_cf(self, guess):
        cf, bw = guess[:, 0], guess[:, 2] * self._bw_std_edge
        keep = (np.abs(cf - self.freq_range[0]) > bw) & (np.abs(cf - self.freq_range[1]) > bw)
        return np.array([g for (g, k) in zip(guess, keep) if k])

    def _drop_peak_overlap(self, guess):
        guess = sorted(guess, key=lambda x: float(x[0]))
        bounds = [[p[0] - p[2] * self._gauss_overlap_thresh, p[0] + p[2] * self._gauss_overlap_thresh] for p in guess]
        drop = []
        for ind, b_0 in enumerate(bounds[:-1]):
            if b_0[1] > bounds[ind + 1][0]:
                drop.append([ind, ind + 1][np.argmin([guess[ind][1], guess[ind + 1][1]])])
        return np.array([g for (i, g) in enumerate(guess) if i not in drop])


def main():
    spec = json.load(open(sys.argv[1]))
    freqs = np.array(spec['freqs'], dtype=float)
    settings = dict(spec.get('settings', {}))
    if settings.get('max_n_peaks') in (None, 'inf'):
        settings['max_n_peaks'] = np.inf
    repeat = int(spec.get('repeat', 1))
    results, times = [], []
    for power in spec['spectra']:
        power = np.array(power, dtype=float)
        best = np.inf
        for _ in range(repeat):
            t0 = time.perf_counter()
            try:
                res = Fit(**settings).fit(freqs, power)
            except RuntimeError as e:   # FOOOF turns these into a failed fit
                res = {'failed': str(e)}
            best = min(best, time.perf_counter() - t0)
        times.append(best)
        results.append(res)
    print(json.dumps({'seconds': times, 'results': results}))


if __name__ == '__main__':
    main()
