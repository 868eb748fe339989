#!/usr/bin/python3
"""Reference outputs for the numeric kernels in src/math/.

Run with the reference stack (numpy 1.24, scipy 1.10):

    /usr/bin/python3 scripts/make_math_fixtures.py

Writes test/fixtures/math/<group>.f64 (raw little-endian float64, all arrays of
the group back to back) plus <group>.json, which lists every array's offset
(in doubles), length, shape and the parameters that produced it. Inputs are
drawn from fixed seeds, and stored too, so the TypeScript tests never need Python.
"""
import json
import os
import sys

import numpy as np
import scipy
import scipy.signal
import scipy.signal.windows as sw

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "math")


class Group:
    """Arrays collected into one .f64 file with a JSON index."""

    def __init__(self, name):
        self.name = name
        self.chunks = []
        self.offset = 0
        self.entries = []
        self.meta = {}

    def add(self, key, array, **params):
        a = np.ascontiguousarray(np.asarray(array))
        if np.iscomplexobj(a):
            # interleaved (re, im): numpy's complex128 memory layout
            flat = a.astype(np.complex128).view(np.float64).ravel()
            kind = "complex"
        else:
            flat = a.astype("<f8").ravel()
            kind = "real"
        self.entries.append({
            "key": key, "offset": self.offset, "length": int(flat.size),
            "shape": list(a.shape), "kind": kind, "params": params,
        })
        self.chunks.append(flat.astype("<f8"))
        self.offset += flat.size

    def write(self):
        data = np.concatenate(self.chunks) if self.chunks else np.zeros(0)
        with open(os.path.join(OUT, self.name + ".f64"), "wb") as f:
            f.write(data.astype("<f8").tobytes())
        meta = {
            "generator": "scripts/make_math_fixtures.py",
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            **self.meta,
            "arrays": self.entries,
        }
        with open(os.path.join(OUT, self.name + ".json"), "w") as f:
            json.dump(meta, f, indent=1)
        return data.nbytes


def fft_group():
    g = Group("fft")
    rng = np.random.default_rng(20240601)
    lengths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 30, 49, 77, 121, 143, 1000, 1001, 1024, 2000, 4096, 7919]
    for n in lengths:
        x = rng.standard_normal(n)
        z = rng.standard_normal(n) + 1j * rng.standard_normal(n)
        g.add(f"x/{n}", x, n=n)
        g.add(f"rfft/{n}", np.fft.rfft(x), n=n)
        g.add(f"z/{n}", z, n=n)
        g.add(f"fft/{n}", np.fft.fft(z), n=n)
        g.add(f"ifft/{n}", np.fft.ifft(z), n=n)
    # numpy's truncation / zero padding through the n argument
    x = rng.standard_normal(100)
    g.add("pad/x", x)
    for n in [64, 100, 150, 99, 1]:
        g.add(f"pad/rfft/{n}", np.fft.rfft(x, n), n=n)
    z = rng.standard_normal(50) + 1j * rng.standard_normal(50)
    g.add("pad/z", z)
    for n in [32, 50, 81]:
        g.add(f"pad/fft/{n}", np.fft.fft(z, n), n=n)
        g.add(f"pad/ifft/{n}", np.fft.ifft(z, n), n=n)
    # irfft: default length, explicit odd/even lengths, bins with imaginary DC/Nyquist
    X = rng.standard_normal(33) + 1j * rng.standard_normal(33)
    g.add("irfft/X", X)
    for n in [None, 64, 65, 40, 100, 7]:
        key = "default" if n is None else str(n)
        g.add(f"irfft/{key}", np.fft.irfft(X) if n is None else np.fft.irfft(X, n), n=n)
    for n, d in [(1, 1.0), (2, 0.5), (7, 0.001), (8, 0.25), (1000, 1 / 1000.0), (1001, 1 / 1000.0)]:
        g.add(f"rfftfreq/{n}", np.fft.rfftfreq(n, d), n=n, d=d)
        g.add(f"fftfreq/{n}", np.fft.fftfreq(n, d), n=n, d=d)
    return g


def window_cases():
    """(scipy name, opts as the TS getWindow takes them, callable)"""
    return [
        ("boxcar", {}, lambda M, s: sw.boxcar(M, sym=s)),
        ("triang", {}, lambda M, s: sw.triang(M, sym=s)),
        ("parzen", {}, lambda M, s: sw.parzen(M, sym=s)),
        ("bohman", {}, lambda M, s: sw.bohman(M, sym=s)),
        ("blackman", {}, lambda M, s: sw.blackman(M, sym=s)),
        ("nuttall", {}, lambda M, s: sw.nuttall(M, sym=s)),
        ("blackmanharris", {}, lambda M, s: sw.blackmanharris(M, sym=s)),
        ("flattop", {}, lambda M, s: sw.flattop(M, sym=s)),
        ("bartlett", {}, lambda M, s: sw.bartlett(M, sym=s)),
        ("barthann", {}, lambda M, s: sw.barthann(M, sym=s)),
        ("hamming", {}, lambda M, s: sw.hamming(M, sym=s)),
        ("hann", {}, lambda M, s: sw.hann(M, sym=s)),
        ("cosine", {}, lambda M, s: sw.cosine(M, sym=s)),
        ("lanczos", {}, lambda M, s: sw.lanczos(M, sym=s)),
        ("kaiser", {"beta": 14.0}, lambda M, s: sw.kaiser(M, 14.0, sym=s)),
        ("kaiser", {"beta": 0.5}, lambda M, s: sw.kaiser(M, 0.5, sym=s)),
        ("kaiser", {"beta": 38.0}, lambda M, s: sw.kaiser(M, 38.0, sym=s)),
        ("gaussian", {"std": 7.0}, lambda M, s: sw.gaussian(M, 7.0, sym=s)),
        ("gaussian", {"std": 0.8}, lambda M, s: sw.gaussian(M, 0.8, sym=s)),
        ("general_gaussian", {"p": 1.5, "sig": 7.0}, lambda M, s: sw.general_gaussian(M, 1.5, 7.0, sym=s)),
        ("general_gaussian", {"p": 0.5, "sig": 20.0}, lambda M, s: sw.general_gaussian(M, 0.5, 20.0, sym=s)),
        ("general_cosine", {"a": [1.0, 1.942604, 1.340318, 0.440811, 0.043097]},
         lambda M, s: sw.general_cosine(M, [1.0, 1.942604, 1.340318, 0.440811, 0.043097], sym=s)),
        ("general_hamming", {"alpha": 0.7}, lambda M, s: sw.general_hamming(M, 0.7, sym=s)),
        ("chebwin", {"at": 100.0}, lambda M, s: sw.chebwin(M, 100.0, sym=s)),
        ("chebwin", {"at": 50.0}, lambda M, s: sw.chebwin(M, 50.0, sym=s)),
        ("tukey", {}, lambda M, s: sw.tukey(M, sym=s)),
        ("tukey", {"alpha": 0.1}, lambda M, s: sw.tukey(M, 0.1, sym=s)),
        ("tukey", {"alpha": 1.0}, lambda M, s: sw.tukey(M, 1.0, sym=s)),
        ("tukey", {"alpha": 0.0}, lambda M, s: sw.tukey(M, 0.0, sym=s)),
        ("taylor", {}, lambda M, s: sw.taylor(M, sym=s)),
        ("taylor", {"nbar": 7, "sll": 45.0, "norm": False},
         lambda M, s: sw.taylor(M, 7, 45.0, False, sym=s)),
    ]


def windows_group():
    g = Group("windows")
    g.meta["scipy_windows_all"] = list(sw.__all__)
    lengths = [0, 1, 2, 3, 4, 7, 10, 51, 64, 255, 1000]
    import warnings
    for name, opts, fn in window_cases():
        for M in lengths:
            for sym in (True, False):
                if not sym and M not in (7, 64, 255):
                    continue
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # chebwin's "not suitable below 45 dB"
                    w = fn(M, sym)
                g.add(f"{name}/{json.dumps(opts, sort_keys=True)}/{M}/{sym}", w,
                      name=name, opts=opts, M=M, sym=sym)
    for M in [2, 4, 10, 64, 256]:
        for beta in [4.0, 9.5]:
            g.add(f"kaiser_bessel_derived/{beta}/{M}", sw.kaiser_bessel_derived(M, beta),
                  name="kaiser_bessel_derived", opts={"beta": beta}, M=M, sym=True)
    import scipy.special as sp
    xs = np.array([0.0, 1e-8, 0.1, 1.0, 2.5, 7.75, 14.0, 24.9, 25.0, 25.1, 31.0, 60.0, 150.0, 700.0, -3.0])
    g.add("i0/x", xs)
    g.add("i0/y", sp.i0(xs))
    return g


def dpss_group():
    g = Group("dpss")
    for M, NW, K in [(1000, 4, 7), (1001, 2.5, 4), (500, 1, 1), (2000, 10, 19), (250, 3.3, 5), (64, 2, 8), (7, 1.5, 7)]:
        tapers, ratios = sw.dpss(M, NW, K, return_ratios=True)
        g.add(f"tapers/{M}/{NW}/{K}", tapers, M=M, NW=NW, K=K)
        g.add(f"ratios/{M}/{NW}/{K}", ratios, M=M, NW=NW, K=K)
    return g


def detrend_group():
    g = Group("detrend")
    rng = np.random.default_rng(7)
    nSamples, nChannels = 257, 5
    t = np.arange(nSamples)[:, None]
    block = (rng.standard_normal((nSamples, nChannels))
             + np.array([0.0, 3.0, -1e3, 1e6, 42.0])
             + t * np.array([0.0, 0.01, -2.0, 5e3, 0.0])
             + np.sin(t / 10.0))
    g.add("block/x", block, nSamples=nSamples, nChannels=nChannels)
    g.add("block/constant", scipy.signal.detrend(block, type="constant", axis=0))
    g.add("block/linear", scipy.signal.detrend(block, type="linear", axis=0))
    for n in [1, 2, 3, 1000, 4097]:
        x = 1e4 + 0.5 * np.arange(n) + rng.standard_normal(n) + np.cos(np.arange(n) / 30.0)
        g.add(f"vec/x/{n}", x, n=n)
        g.add(f"vec/constant/{n}", scipy.signal.detrend(x, type="constant"))
        g.add(f"vec/linear/{n}", scipy.signal.detrend(x, type="linear"))
    return g


def main():
    if not (np.__version__.startswith("1.24") and scipy.__version__.startswith("1.10")):
        print(f"warning: reference stack is numpy 1.24 / scipy 1.10, found {np.__version__} / {scipy.__version__}",
              file=sys.stderr)
    os.makedirs(OUT, exist_ok=True)
    total = 0
    for make in (fft_group, windows_group, dpss_group, detrend_group):
        g = make()
        nbytes = g.write()
        total += nbytes
        print(f"{g.name}: {len(g.entries)} arrays, {nbytes / 1e6:.2f} MB")
    print(f"total {total / 1e6:.2f} MB in {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
