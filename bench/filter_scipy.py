#!/usr/bin/python3
"""The spyts filter benchmark's reference side: scipy sosfiltfilt on the same data, one thread.

Reads raw float32 trials (trial, time, channel) from argv[1] with shape argv[2..4], fs argv[5],
band argv[6] argv[7], order argv[8], and writes the filtered trials as float32 to argv[9].
Prints one JSON line: seconds (design + filtering of every trial, as Syncopy's cF does per trial).
"""
import json
import sys
import time

import numpy as np
import scipy.signal as ss

path, nT, nS, nC = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
fs, lo, hi, order, out_path = float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8]), sys.argv[9]
x = np.fromfile(path, dtype=np.float32).reshape(nT, nS, nC)
out = np.empty_like(x)

t0 = time.perf_counter()
for k in range(nT):
    sos = ss.butter(order, [lo, hi], "bandpass", fs=fs, output="sos")
    out[k] = ss.sosfiltfilt(sos, x[k], axis=0)
seconds = time.perf_counter() - t0
out.tofile(out_path)
print(json.dumps({"seconds": seconds}))
