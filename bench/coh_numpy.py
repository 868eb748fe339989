#!/usr/bin/python3
"""The spyts coherence / PPC benchmark's reference side: connectivityanalysis' steps in numpy, one thread.

Reads raw float32 trials (trial, time, channel) from argv[1] with shape argv[2..4], samplerate
argv[5], tapsmofrq argv[6], best of argv[7] runs for coh by matmul and of argv[8] runs for ppc,
and spyts' results to check against: coherence (float32 (freq, channel_i, channel_j)) from argv[9]
and PPC (same shape) from argv[10]. The einsum variant (coh only) runs once: it takes ~1.7x the
matmul variant's minutes, which the bench cannot spare twice.

The steps, as spyts' connectivityanalysis(method="coh"/"ppc", tapsmofrq=...) runs them:
  - DPSS tapers scipy.signal.windows.dpss(N, NW, Kmax) with spyts' rule (specest/tapers.ts
    dpssParameters, Syncopy's): NW = tapsmofrq * N / samplerate, Kmax = max(1, int(2 NW - 1));
  - per trial: subtract each channel's mean (polyremoval=0), multiply by every taper,
    np.fft.rfft along time (float64; the taper and FFT scale factors cancel in both measures);
  - the trial's CSD S_t[f, i, j] = sum_k X[k, f, i] conj(X[k, f, j]) two ways:
      matmul: batched (F, C, K) @ (F, K, C), the fastest plain numpy route (coh and ppc);
      einsum: np.einsum('kfi,kfj->fij', X, X.conj()) (coh only);
  - coh: S = sum_t S_t, coherence |S_ij| / sqrt(S_ii S_jj);
  - ppc: u_t = S_t / |S_t| (0 where S_t = 0), ppc = (|sum_t u_t|^2 - N) / (N (N - 1)).
Prints one JSON line: best seconds of each variant, max |spyts - numpy| of each measure (over
every frequency and channel pair, against the matmul result) and max |einsum - matmul| for coh.
"""
import json
import sys
import time

import numpy as np
from scipy.signal.windows import dpss

path, nT, nS, nC = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
fs, smooth, repeat, ppc_repeat = float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
spyts_coh_path, spyts_ppc_path = sys.argv[9], sys.argv[10]
x = np.fromfile(path, dtype=np.float32).reshape(nT, nS, nC)
NW = smooth * nS / fs
K = max(1, int(2 * NW - 1))
F = nS // 2 + 1


def spectra(tapers, trial):
    y = trial.astype(np.float64)
    y -= y.mean(axis=0)
    return np.fft.rfft(tapers[:, :, None] * y[None, :, :], axis=1)  # (K, F, C)


def csd_einsum(X):
    return np.einsum("kfi,kfj->fij", X, X.conj())


def csd_matmul(X):
    Y = X.transpose(1, 2, 0)  # (F, C, K)
    return Y @ Y.conj().transpose(0, 2, 1)


def coh(csd):
    tapers = dpss(nS, NW, K)
    S = np.zeros((F, nC, nC), np.complex128)
    for t in range(nT):
        S += csd(spectra(tapers, x[t]))
    d = np.einsum("fii->fi", S).real
    return np.abs(S) / np.sqrt(d[:, :, None] * d[:, None, :])


def ppc(csd):
    tapers = dpss(nS, NW, K)
    acc = np.zeros((F, nC, nC), np.complex128)
    u = np.empty_like(acc)
    for t in range(nT):
        S = csd(spectra(tapers, x[t]))
        r = np.abs(S)
        u.fill(0)
        np.divide(S, r, out=u, where=r > 0)
        acc += u
    return (np.abs(acc) ** 2 - nT) / (nT * (nT - 1))


def best(fn, csd, runs):
    t_best, out = float("inf"), None
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        out = fn(csd)
        t_best = min(t_best, time.perf_counter() - t0)
    return t_best, out


def max_abs_diff(spyts_path, ref):
    spyts = np.fromfile(spyts_path, dtype=np.float32).reshape(F, nC, nC).astype(np.float64)
    return float(np.abs(spyts - ref).max())


res = {"NW": NW, "K": K}
res["coh_matmul"], coh_ref = best(coh, csd_matmul, repeat)
res["coh_einsum"], coh_e = best(coh, csd_einsum, 1)
res["ppc_matmul"], ppc_ref = best(ppc, csd_matmul, ppc_repeat)
res["coh_diff"] = max_abs_diff(spyts_coh_path, coh_ref)
res["ppc_diff"] = max_abs_diff(spyts_ppc_path, ppc_ref)
res["einsum_vs_matmul"] = float(np.abs(coh_e - coh_ref).max())
print(json.dumps(res))
