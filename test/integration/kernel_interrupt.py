#!/usr/bin/python3
"""Interrupt a long spy.freqanalysis in a real tslab kernel, as Jupyter's "Interrupt" button does.

Driven by test/integration/kernelInterrupt.test.ts (jest). Starts the tslab kernel of
jupyter/kernels/tslab with jupyter_client's KernelManager (Debian's python3-jupyter-client), runs:
  1. import the library (dist/), make data;
  2. a long wavelet analysis, parallel then sequential; once its progress output has appeared and
     ~0.5 s more have passed, `interrupt_kernel()` (SIGINT to the kernel), and time until the cell's
     status is idle; then the kernel process's CPU time (all its threads, workers included) over
     1 s, and the temporary storage folder (SPYTMPDIR, a fresh folder) before, during and after;
  3. runs a next cell that computes in parallel and sequentially and compares the two.
Prints one JSON object with what it saw. Usage: kernel_interrupt.py ROOT TMPDIR
"""
import json
import os
import sys
import time
from queue import Empty

from jupyter_client import KernelManager

ROOT, TMPDIR = sys.argv[1], sys.argv[2]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime + stime of the process (every thread, worker threads included), in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def threads(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return -1


def files():
    return sorted(n for n in os.listdir(TMPDIR) if not n.endswith(".session"))


def collect(kc, msg_id, until_idle=True, timeout=120.0, quiet_after_idle=0.0):
    """iopub messages of `msg_id` until its status is idle (and `quiet_after_idle` s of silence after that)."""
    msgs = []
    t_end = time.time() + timeout
    idle_at = None
    while time.time() < t_end:
        wait = 0.05
        try:
            m = kc.get_iopub_msg(timeout=wait)
        except Empty:
            if idle_at is not None and time.time() - idle_at >= quiet_after_idle:
                break
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        msgs.append({"type": m["msg_type"], "content": m["content"], "t": time.time()})
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle" and until_idle:
            idle_at = time.time()
            if quiet_after_idle == 0:
                break
    return msgs


def run_cell(kc, code, timeout=120.0):
    msg_id = kc.execute(code)
    msgs = collect(kc, msg_id, timeout=timeout)
    return {
        "stdout": "".join(m["content"]["text"] for m in msgs if m["type"] == "stream" and m["content"]["name"] == "stdout"),
        "stderr": "".join(m["content"]["text"] for m in msgs if m["type"] == "stream" and m["content"]["name"] == "stderr"),
        "idle": any(m["type"] == "status" and m["content"]["execution_state"] == "idle" for m in msgs),
    }


def interrupt_run(km, kc, pid, code):
    """Run `code`; once its progress output has appeared and ~0.5 s more have passed, interrupt."""
    out = {"files_before": files()}
    msg_id = kc.execute(code)
    t_start = time.time()
    msgs = []
    progress_at = None
    cpu_start = cpu_seconds(pid)
    while time.time() - t_start < 30:
        msgs += collect(kc, msg_id, until_idle=False, timeout=0.1)
        if progress_at is None and any(m["type"] == "display_data" for m in msgs):
            progress_at = time.time()
        if progress_at is not None and time.time() - progress_at > 0.5:
            break
        if any(m["type"] == "status" and m["content"]["execution_state"] == "idle" for m in msgs):
            break
    out["progress_after_s"] = None if progress_at is None else progress_at - t_start
    out["cpu_during_per_s"] = (cpu_seconds(pid) - cpu_start) / (time.time() - t_start)
    out["threads_during"] = threads(pid)
    out["files_during"] = files()
    t_int = time.time()
    km.interrupt_kernel()
    msgs += collect(kc, msg_id, timeout=30, quiet_after_idle=1.5)
    idle = [m["t"] for m in msgs if m["type"] == "status" and m["content"]["execution_state"] == "idle"]
    out["interrupt_to_idle_ms"] = (idle[0] - t_int) * 1000 if idle else None
    out["ran_before_interrupt_s"] = t_int - t_start
    out["long_stdout"] = "".join(m["content"]["text"] for m in msgs if m["type"] == "stream" and m["content"]["name"] == "stdout")
    out["long_stderr"] = "".join(m["content"]["text"] for m in msgs if m["type"] == "stream" and m["content"]["name"] == "stderr")
    out["displays"] = [
        {"type": m["type"], "id": m["content"].get("transient", {}).get("display_id"),
         "text": m["content"].get("data", {}).get("text/plain"), "t": m["t"] - t_start}
        for m in msgs if m["type"] in ("display_data", "update_display_data")]
    # CPU after the interrupt: the workers must be gone, the main thread idle
    time.sleep(0.2)
    c0, w0 = cpu_seconds(pid), time.time()
    time.sleep(1.0)
    out["cpu_after_per_s"] = (cpu_seconds(pid) - c0) / (time.time() - w0)
    out["threads_after"] = threads(pid)
    out["files_after"] = files()
    return out


LONG = """const NAME = await spy.freqanalysis(data, { method: "wavelet", foi: Array.from({ length: 300 }, (_, i) => 2 + i),
  toi: Array.from({ length: 20 }, (_, i) => -1 + 0.1 * i), output: "pow", parallel: PARALLEL });
console.log("finished", NAME.trials.length);"""
NEXT = """const small = spy.synthdata.white_noise({ nTrials: 20, nSamples: 1000, nChannels: 4, samplerate: 1000, seed: 2 }) as spy.AnalogData;
const pa = await spy.freqanalysis(small, { method: "mtmfft", taper: "hann", parallel: true });
const sq = await spy.freqanalysis(small, { method: "mtmfft", taper: "hann", parallel: false });
let same = pa.trials.length === 20;
for (let k = 0; k < 20; k++) same = same && pa.trials.get(k).data.every((v, i) => v === sq.trials.get(k).data[i]);
console.log(JSON.stringify({ next: "ok", same, trials: pa.trials.length, log: pa.log.includes("parallel = true") }));"""


def main():
    env = dict(os.environ)
    env["SPYTMPDIR"] = TMPDIR
    env.pop("SPYTS_PROGRESS", None)
    km = KernelManager(kernel_name="tslab")
    km.start_kernel(cwd=os.path.join(ROOT, "notebooks"), env=env)
    out = {}
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        pid = km.provisioner.process.pid
        out["pid"] = pid
        setup = run_cell(kc, 'import * as spy from "../dist/index.js";\n'
                             'const data = spy.synthdata.white_noise({ nTrials: 3000, nSamples: 2000, nChannels: 4, samplerate: 1000, seed: 1 }) as spy.AnalogData;\n'
                             'console.log("trials", data.trials.length);')
        out["setup"] = setup
        out["threads_before"] = threads(pid)

        out["parallel"] = interrupt_run(km, kc, pid, LONG.replace("NAME", "bigPar").replace("PARALLEL", "true"))
        out["sequential"] = interrupt_run(km, kc, pid, LONG.replace("NAME", "bigSeq").replace("PARALLEL", "false"))

        t_next = time.time()
        out["next"] = run_cell(kc, NEXT)
        out["next_s"] = time.time() - t_next
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps(out))


main()
