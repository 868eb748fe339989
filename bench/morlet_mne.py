"""Reference for bench/morlet.ts: MNE's tfr_array_morlet on the same data, one thread.

usage: morlet_mne.py DATA.f32 n_trials n_samples n_channels sfreq freqs(comma) n_cycles decim repeat n_check CHECK_OUT.f32
DATA is float32 (trial, time, channel) C order; prints one JSON line {"seconds": best wall time}.
The power of the first n_check trials is written to CHECK_OUT as float32 (trial, channel, freq, time).
"""
import json
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import mne  # noqa: E402
from mne.time_frequency import tfr_array_morlet  # noqa: E402

mne.set_log_level("ERROR")


def main():
    path, n_trials, n_samples, n_channels, sfreq, freqs, n_cycles, decim, repeat, n_check, check_out = sys.argv[1:12]
    n_trials, n_samples, n_channels, decim, repeat, n_check = map(int, (n_trials, n_samples, n_channels, decim, repeat, n_check))
    sfreq, n_cycles = float(sfreq), float(n_cycles)
    freqs = np.array([float(f) for f in freqs.split(",")])
    raw = np.fromfile(path, dtype=np.float32).reshape(n_trials, n_samples, n_channels)
    data = np.ascontiguousarray(raw.transpose(0, 2, 1))  # MNE wants (epochs, channels, times)
    best = np.inf
    power = None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        power = tfr_array_morlet(data, sfreq, freqs, n_cycles=n_cycles, output="power", decim=decim, n_jobs=1)
        best = min(best, time.perf_counter() - t0)
    power[:n_check].astype(np.float32).tofile(check_out)
    print(json.dumps({"seconds": best, "shape": list(power.shape), "mne": mne.__version__}))


if __name__ == "__main__":
    main()
