#!/usr/bin/python3
"""The spyts batch benchmark's reference side: scipy sosfiltfilt over a raw int16 recording,
end to end (memmap reads in blocks with a buffer on each side, filter, float32 write), one thread.

argv: raw file, n_channels, fs, low, high, order, block observations, buffer, output file.
Prints one JSON line: seconds.
"""
import json
import sys
import time

import numpy as np
import scipy.signal as ss

path, n_ch, fs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
lo, hi, order = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
block, buf, out_path = int(sys.argv[7]), int(sys.argv[8]), sys.argv[9]

t0 = time.perf_counter()
x = np.memmap(path, dtype=np.int16, mode="r").reshape(-1, n_ch)
n = x.shape[0]
sos = ss.butter(order, [lo, hi], "bandpass", fs=fs, output="sos")
with open(out_path, "wb") as f:
    for start in range(0, n, block):
        stop = min(n, start + block)
        a, b = max(0, start - buf), min(n, stop + buf)
        y = ss.sosfiltfilt(sos, x[a:b].astype(np.float64), axis=0)
        y[start - a: start - a + (stop - start)].astype(np.float32).tofile(f)
print(json.dumps({"seconds": time.perf_counter() - t0}))
