#!/usr/bin/python3
"""The spyts mean-over-trials benchmark's reference side: numpy arr.mean(axis=0) on an in-memory
float32 array (trials, samples, channels), numpy's default float32 accumulation, one thread.

argv: trials, samples, channels, repeat. The array is generated here (not timed) with the closed
form of bench/statsMean.ts: trial k = base[t, c] + (k - (K - 1) / 2) * step[c], whose mean over
trials is base[t, c] exactly. When the array would take more than a third of the available memory,
fewer trials are used (the caller scales the time to its bytes and says so).

Prints one JSON line: seconds and CPU seconds (best of repeat), trials used, bytes, max |mean - base|.
"""
import json
import sys
import time

import numpy as np

n_trials, n_samples, n_channels, repeat = (int(a) for a in sys.argv[1:5])


def available_bytes():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return None


per_trial = n_samples * n_channels * 4
avail = available_bytes()
if avail is not None and n_trials * per_trial > avail / 3:
    n_trials = max(2, int(avail / 3 // per_trial) // 2 * 2)

t = np.arange(n_samples)[:, None]
c = np.arange(n_channels)[None, :]
base = (((t * 7 + c * 13) % 1024) / 8).astype(np.float32)
step = (((np.arange(n_channels) % 4) + 1) / 4).astype(np.float32)
arr = np.empty((n_trials, n_samples, n_channels), np.float32)
for k in range(n_trials):
    arr[k] = base + np.float32(k - (n_trials - 1) / 2) * step
arr[-1].sum()  # every page touched before timing

best, best_cpu = float("inf"), float("inf")
mean = None
for _ in range(max(1, repeat)):
    t0, c0 = time.perf_counter(), time.process_time()
    mean = arr.mean(axis=0)
    best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
assert mean.dtype == np.float32
max_err = float(np.max(np.abs(mean.astype(np.float64) - base)))
print(json.dumps({"seconds": best, "cpu_seconds": best_cpu, "trials": n_trials, "bytes": int(arr.nbytes), "max_err": max_err}))
