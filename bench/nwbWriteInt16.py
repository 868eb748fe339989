"""Writes the NWB file of the nwbread benchmark (bench/nwbRead.ts) with h5py, no pynwb.

usage: nwbWriteInt16.py OUT.nwb N_SAMPLES N_CHANNELS TRIAL_SAMPLES

acquisition/ElectricalSeries: int16 [N_SAMPLES, N_CHANNELS] at 30 kHz, chunked (8192 x 64: 1 MiB,
like the chunking of files from acquisition tools), no compression, conversion 2**-20 (so every
physical value, int16 x 2**-20, is exact in float32 and their sum exact in float64); the
electrodes table (location "ch000"...) and intervals/trials of TRIAL_SAMPLES each, laid end to
end. Only the parts of NWB 2.6 that a reader needs (pynwb would add object ids and specs).
The values: a fixed random block, shifted by the block number, written block by block (numpy
never holds the whole series). Prints JSON: seconds spent writing, the exact sum of the stored
int16 values, the file size.
"""
import json
import sys
import time

import h5py
import numpy as np

out, n, nch, trial = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
RATE, CHUNK_ROWS, CHUNK_CH, BLOCK = 30000.0, 8192, 64, 8192 * 4
t0 = time.perf_counter()
base = np.random.default_rng(20).integers(-2000, 2000, size=(BLOCK, nch), dtype=np.int16)
total = 0
str_dt = h5py.string_dtype("utf-8")


def typed(obj, ns, kind, **attrs):
    obj.attrs["namespace"] = ns
    obj.attrs["neurodata_type"] = kind
    for k, v in attrs.items():
        obj.attrs[k] = v


with h5py.File(out, "w", rdcc_nbytes=64 << 20) as f:
    typed(f, "core", "NWBFile", nwb_version="2.6.0")
    for g in ["acquisition", "analysis", "general/devices", "general/extracellular_ephys", "intervals", "processing", "stimulus/presentation", "stimulus/templates"]:
        f.require_group(g)
    f["identifier"] = "spyts-bench-nwbread"
    f["session_description"] = "spyts nwbread benchmark"
    f["session_start_time"] = "2024-01-01T00:00:00+00:00"
    f["timestamps_reference_time"] = "2024-01-01T00:00:00+00:00"
    f["file_create_date"] = np.array(["2024-01-01T00:00:00+00:00"], dtype=object)

    el = f.create_group("general/extracellular_ephys/electrodes")
    typed(el, "hdmf-common", "DynamicTable", colnames=["location"], description="electrodes")
    el["id"] = np.arange(nch, dtype=np.int32)
    el.create_dataset("location", data=np.array(["ch%03d" % k for k in range(nch)], dtype=object), dtype=str_dt)

    es = f.create_group("acquisition/ElectricalSeries")
    typed(es, "core", "ElectricalSeries", description="int16 benchmark series")
    d = es.create_dataset("data", shape=(n, nch), dtype=np.int16, chunks=(min(CHUNK_ROWS, n), min(CHUNK_CH, nch)))
    d.attrs["conversion"] = 2.0 ** -20
    d.attrs["offset"] = 0.0
    d.attrs["resolution"] = -1.0
    d.attrs["unit"] = "volts"
    st = es.create_dataset("starting_time", data=0.0)
    st.attrs["rate"] = RATE
    st.attrs["unit"] = "seconds"
    es["electrodes"] = np.arange(nch, dtype=np.int32)
    for a in range(0, n, BLOCK):
        b = min(n, a + BLOCK)
        block = base[: b - a] + np.int16(a // BLOCK % 97)
        d[a:b] = block
        total += int(block.sum(dtype=np.int64))

    tr = f.create_group("intervals/trials")
    typed(tr, "core", "TimeIntervals", colnames=["start_time", "stop_time"], description="trials")
    starts = np.arange(0, n - trial + 1, trial)
    tr["id"] = np.arange(len(starts), dtype=np.int32)
    tr["start_time"] = starts / RATE
    tr["stop_time"] = (starts + trial) / RATE

    f.flush()
    # the trials' share of the sum (the rows after the last whole trial are in no trial)
    covered = int(len(starts) * trial)
    rest = int(np.asarray(d[covered:n], dtype=np.int64).sum()) if covered < n else 0

print(json.dumps({"seconds": time.perf_counter() - t0, "sum": total, "sumInTrials": total - rest, "trials": int(len(starts))}))
