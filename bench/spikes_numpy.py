#!/usr/bin/python3
"""The numpy side of bench/spikes.ts: the PSTH of one unit over the trials with np.histogram.

argv: directory with sample.i64 and unit.i64 (raw int64 columns), unit value, trials, repeat.
Timed: the unit mask, searchsorted trial borders and one np.histogram per trial (10 ms bins over
[-0.1, 0.8] s, the edges np.arange(-0.1, 0.8 + 0.01, 0.01) as Syncopy's spike_psth builds them),
averaged over trials. Loading the columns (np.fromfile) is timed apart.
Prints one JSON line: seconds, peak RSS above the RSS at the start of each step, the trial average.
"""
import json
import os
import sys
import time

import numpy as np

directory, unit, n_trials, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
FS, TRIAL, PRE = 30000, 30000, 5000


def status(field):
    """MB of a /proc/self/status field (VmRSS now, VmHWM the peak since the last reset)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1e3
    return float("nan")


def reset_peak():
    """VmHWM back to the current RSS (getrusage's maxrss would include the parent at fork)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return status("VmRSS")
    except OSError:
        return float("nan")


before = reset_peak()
t0 = time.perf_counter()
sample = np.fromfile(os.path.join(directory, "sample.i64"), dtype=np.int64)
units = np.fromfile(os.path.join(directory, "unit.i64"), dtype=np.int64)
load = time.perf_counter() - t0
load_peak = status("VmHWM") - before

edges = np.arange(-0.1, 0.8 + 0.01, 0.01)
starts = np.arange(n_trials) * TRIAL


def psth():
    s = sample[units == unit]
    lo = np.searchsorted(s, starts)
    hi = np.searchsorted(s, starts + TRIAL)
    counts = np.zeros((n_trials, len(edges) - 1))
    for k in range(n_trials):
        t = (s[lo[k]:hi[k]] - starts[k] - PRE) / FS
        counts[k] = np.histogram(t, bins=edges)[0]
    return counts.mean(axis=0)


best = float("inf")
before = reset_peak()
for _ in range(max(1, repeat)):
    t0 = time.perf_counter()
    avg = psth()
    best = min(best, time.perf_counter() - t0)
hist_peak = status("VmHWM") - before
print(json.dumps({"load": load, "hist": best, "loadPeak": load_peak, "histPeak": hist_peak, "avg": avg.tolist()}))
