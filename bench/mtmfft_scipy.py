#!/usr/bin/python3
"""The spyts mtmfft benchmark's reference side: the same multitaper computation in scipy.

Reads raw float32 trials (trial, time, channel) from argv[1] with shape argv[2..4], fs argv[5],
tapsmofrq argv[6]; prints one JSON line with seconds per variant and a checksum of the result.
Syncopy's normalisation: w_k = dpss(N, NW, K) * sqrt(N); F = rfft(w_k * x_demeaned) * sqrt(2) / N;
pow = mean_k |F|^2, per trial (keeptrials=True).
"""
import json
import sys
import time

import numpy as np
import scipy.fft
from scipy.signal.windows import dpss

path, nT, nS, nC, fs, smooth = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
x = np.fromfile(path, dtype=np.float32).reshape(nT, nS, nC)
NW = smooth * nS / fs
K = max(1, int(2 * NW - 1))


def run(dtype, fft):
    t0 = time.perf_counter()
    tapers = (dpss(nS, NW, K) * np.sqrt(nS)).astype(dtype)
    out = np.empty((nT, nS // 2 + 1, nC), dtype=np.float32)
    for k in range(nT):
        trial = x[k].astype(dtype)
        trial = trial - trial.mean(axis=0)
        # (K, nS, nC): every taper times every channel, transformed along time
        spec = fft(tapers[:, :, None] * trial[None, :, :], axis=1) * (np.sqrt(2) / nS)
        out[k] = (np.abs(spec) ** 2).mean(axis=0)
    return time.perf_counter() - t0, out


res = {}
t, out32 = run(np.float32, scipy.fft.rfft)
res["scipy_f32"] = t
t, out64 = run(np.float64, np.fft.rfft)
res["numpy_f64"] = t
res["checksum"] = float(out64.astype(np.float64).sum())
print(json.dumps(res))
