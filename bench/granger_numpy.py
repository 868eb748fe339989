#!/usr/bin/python3
"""The spyts granger benchmark's reference side: Syncopy's granger steps in plain numpy, one thread.

Reads a trial-averaged complex64 CSD (freq, channel_i, channel_j) from argv[1] with shape argv[2:4]
and runs the steps of Syncopy's granger_cF as Syncopy implements them (regularize_csd, wilson_sf,
granger), written here from the algorithm:
  - condition number: max over frequencies of np.linalg.cond (SVD); if >= 1e4, add eps * I for eps on
    np.logspace(-10, -1, 15) until below;
  - Wilson: the two-sided spectrum (the one-sided bins followed by the conjugates of bins F-2 .. 1),
    Cholesky factors of every matrix, psi0 from the Cholesky factor of the symmetrised real sum over
    frequency, then per iteration g = (psi^-1 U)(psi^-1 U)^H (np.linalg.inv), [g + I]_+ by
    ifft / halving lag 0 and N/2 / zeroing negative lags / fft, psi <- psi ([g + I]_+ + Sm),
    max relative error against the CSD, stop below 5e-6 or after 100 iterations;
  - Dhamala's formula, G[f, i, j] = causality i -> j.
Writes G (float64) to argv[4] and prints one JSON line: best seconds over argv[5] runs and the info.
"""
import json
import sys
import time

import numpy as np

path, F, C, out_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
repeat = int(sys.argv[5]) if len(sys.argv) > 5 else 2
csd = np.fromfile(path, dtype=np.complex64).reshape(F, C, C)


def regularize(S, cond_max=1e4, eps_max=1e-1, n_steps=15):
    cond0 = np.linalg.cond(S).max()
    if cond0 < cond_max:
        return S, 0.0, cond0
    eye = np.eye(S.shape[1])
    for eps in np.logspace(-10, np.log10(eps_max), n_steps):
        R = S + eps * eye
        if np.linalg.cond(R).max() < cond_max:
            return R, eps, cond0
    return R, -1.0, cond0


def causal_part(g):
    n = g.shape[0]
    half = n // 2
    lags = np.fft.ifft(g, axis=0).real
    lags[0] *= 0.5
    lags[half] *= 0.5
    lags[half + 1:] = 0
    return np.fft.fft(lags, axis=0), lags[0].copy()


def wilson(S1, n_iter=100, rtol=5e-6):
    nf = S1.shape[0]
    S = np.concatenate([S1, S1[nf - 2:0:-1].conj()])
    eye = np.eye(S.shape[1])
    g0 = np.fft.fft(S, axis=0)[0]
    g0 = ((g0 + g0.conj().T) / 2).real
    psi0 = np.linalg.cholesky(g0).T
    psi = np.broadcast_to(psi0, S.shape).astype(np.complex128)
    U = np.linalg.cholesky(S)
    converged, err, it = False, np.nan, 0
    for it in range(1, n_iter + 1):
        A = np.linalg.inv(psi) @ U
        g = A @ A.conj().transpose(0, 2, 1)
        gp, gp0 = causal_part(g + eye)
        skew = np.triu(gp0)
        skew = skew - skew.T
        psi = psi @ (gp + skew)
        psi0 = psi0 @ (gp0 + skew)
        fac = psi @ psi.conj().transpose(0, 2, 1)
        err = (np.abs(S - fac) / np.abs(S)).max()
        if err < rtol:
            converged = True
            break
    H = psi @ np.linalg.inv(psi0)
    return H[:nf], psi0 @ psi0.T, converged, err, it


def dhamala(S, H, Sigma):
    auto = np.abs(np.einsum("fii->fi", S))  # S_jj per frequency
    Sjj = auto[:, None, :]
    sig = np.abs(Sigma)
    d = np.diag(sig)
    # (Sigma_ii - Sigma_ji^2 / Sigma_jj) at [i, j]
    partial = d[:, None] - sig.T ** 2 / d[None, :]
    Hji2 = np.abs(H.transpose(0, 2, 1)) ** 2
    return np.log(Sjj / (Sjj - partial[None] * Hji2))


def run():
    S, factor, cond0 = regularize(csd)
    S = S.astype(np.complex128)
    H, Sigma, conv, err, it = wilson(S)
    return dhamala(S, H, Sigma), dict(converged=bool(conv), err=float(err), factor=float(factor), cond=float(cond0), iterations=it)


best, G, info = float("inf"), None, None
for _ in range(repeat):
    t0 = time.perf_counter()
    G, info = run()
    best = min(best, time.perf_counter() - t0)
G.astype(np.float64).tofile(out_path)
print(json.dumps({"seconds": best, **info}))
