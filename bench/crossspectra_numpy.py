#!/usr/bin/python3
"""The spyts cross-spectra benchmark's reference side: trial-averaged CSD in numpy, one thread.

Reads per-trial complex64 taper spectra (trial, taper, freq, channel) from argv[1] with shape
argv[2..5], and the spyts accumulator (complex128 (freq, channel_i, channel_j)) from argv[6].
Accumulates csd[f, i, j] = 1 / (K nTrials) sum_trials sum_k X[k, f, i] conj(X[k, f, j]) trial by
trial into a complex128 array, as the spyts side does, two ways:
  einsum: np.einsum('kfi,kfj->fij', X, X.conj()) on complex64 (numpy's own loops);
  matmul: batched X_f^T conj(X_f) per frequency (BLAS cgemm), the fastest plain numpy route.
Prints one JSON line: seconds of each, and max |spyts - numpy| / max |numpy| against each result
and against an exact reference (the same products in complex128).
"""
import json
import sys
import time

import numpy as np

path, nT, K, F, C, spyts_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
X = np.fromfile(path, dtype=np.complex64).reshape(nT, K, F, C)
spyts = np.fromfile(spyts_path, dtype=np.complex128).reshape(F, C, C)
scale = 1.0 / (K * nT)
repeat = int(sys.argv[7]) if len(sys.argv) > 7 else 2


def einsum():
    acc = np.zeros((F, C, C), np.complex128)
    for t in range(nT):
        acc += np.einsum("kfi,kfj->fij", X[t], X[t].conj())
    return acc * scale


def matmul():
    acc = np.zeros((F, C, C), np.complex128)
    for t in range(nT):
        Y = X[t].transpose(1, 2, 0)  # (F, C, K)
        acc += Y @ Y.conj().transpose(0, 2, 1)
    return acc * scale


def best(fn):
    t_best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        t_best = min(t_best, time.perf_counter() - t0)
    return t_best, out


def rel(a, b):
    return float(np.abs(a - b).max() / np.abs(b).max())


t_einsum, r_einsum = best(einsum)
t_matmul, r_matmul = best(matmul)
# float32 products are exact in float64, so complex128 BLAS over all trials at once is exact up to float64 sums
Y128 = X.astype(np.complex128).transpose(2, 3, 0, 1).reshape(F, C, nT * K)
exact = (Y128 @ Y128.conj().transpose(0, 2, 1)) * scale
print(json.dumps({
    "einsum": t_einsum, "matmul": t_matmul,
    "rel_einsum": rel(spyts, r_einsum), "rel_matmul": rel(spyts, r_matmul), "rel_exact": rel(spyts, exact),
    "numpy_c64_vs_exact": rel(r_matmul, exact),
}))
