#!/usr/bin/python3
"""Execute notebooks cell by cell in a Jupyter kernel (tslab, or Deno's), then export them to HTML.

nbconvert --execute handles tslab errors badly (tslab reports errors only as a stderr
stream: nbconvert exits 1 with an empty message, and --allow-errors skips every later
cell). So we drive nbclient ourselves: stop at the first cell that fails, print its
stderr, and exit non-zero. tslab sends no execute_input, so execution_count is set here.

The kernel is the notebook's own (its kernelspec metadata, tslab if none) unless --kernel
names another, e.g. `--kernel deno` runs a notebook written for tslab in Deno's kernel; the
executed copy then records that kernel's spec.

Usage: run_notebooks.py [--out DIR] [--timeout S] [--no-png-check] [--kernel NAME] NOTEBOOK_OR_DIR...
Prints one line per notebook "notebook <name>: ok|FAILED" ("notebook <name> [<kernel>]: ..."
with --kernel), and a final line "notebooks: N passed, M failed".
"""
import argparse
import os
import subprocess
import sys
import time

from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async, run_sync

# Deno's kernel (2.9.6) publishes a cell's outputs from a queue that a separate task drains, and
# reports the cell finished (status: idle) without waiting for that queue: a cell's last outputs
# (a console.log at its end, a display) can reach the client after "idle", when nbclient has
# stopped listening for that cell. They still carry the cell's parent header, so after each cell
# we keep collecting that cell's messages until the kernel has been quiet for LATE_QUIET_S.
LATE_OUTPUT_KERNELS = {"deno"}
LATE_QUIET_S = 0.3


def cell_failed(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return True
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            return True
    return False


def stderr_of(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            parts.append("%s: %s" % (out.get("ename"), out.get("evalue")))
            parts.extend(out.get("traceback", []))
        elif out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
    return "\n".join(parts)


VEGALITE = "application/vnd.vegalite.v5+json"


def plots_exported(nb, html_path):
    """Every plot (an output with the vega-lite chart) carries a PNG, and nbconvert's HTML export
    shows each of them as an image: that export ignores the chart and blanks SVG."""
    plots = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
             if VEGALITE in o.get("data", {})]
    without_png = [o for o in plots if "image/png" not in o["data"]]
    with open(html_path, encoding="utf-8") as f:
        images = f.read().count("data:image/png;base64,")
    if without_png or images < len(plots):
        print("--- %d plots, %d without a PNG, %d PNG images in the HTML export" %
              (len(plots), len(without_png), images), file=sys.stderr)
        return False
    return True


def use_kernel(nb, kernel):
    """Run `nb` in `kernel`: its kernelspec metadata becomes that kernel's."""
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager().get_kernel_spec(kernel)
    nb.metadata["kernelspec"] = {"display_name": spec.display_name, "language": spec.language, "name": kernel}
    nb.metadata["language_info"] = {"name": spec.language}


def track_requests(client):
    """Record the msg_id of every execute request (the parent of that cell's outputs)."""
    sent = []
    execute = client.kc.execute

    def tracked(*args, **kwargs):
        msg_id = execute(*args, **kwargs)
        sent.append(msg_id)
        return msg_id

    client.kc.execute = tracked
    return sent


def collect_late_outputs(client, cell, index, parent_id):
    """Add the outputs of `cell` that arrive after the kernel reported it idle; return how many."""
    late = 0

    async def next_msg():
        return await ensure_async(client.kc.iopub_channel.get_msg(timeout=LATE_QUIET_S))

    while True:
        try:
            msg = run_sync(next_msg)()
        except Empty:
            return late
        if msg["parent_header"].get("msg_id") != parent_id or msg["msg_type"] in ("status", "execute_input"):
            continue
        late += 1
        try:
            client.process_message(msg, cell, index)
        except CellExecutionComplete:
            pass


def run_one(path, outdir, timeout, check_png=True, kernel=None):
    nb = nbformat.read(path, as_version=4)
    nbdir = os.path.dirname(os.path.abspath(path))
    if kernel:
        use_kernel(nb, kernel)
    kernel_name = nb.metadata.get("kernelspec", {}).get("name") or "tslab"
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name,
                            resources={"metadata": {"path": nbdir}})
    ok = True
    t0 = time.time()
    late = 0
    with client.setup_kernel():
        requests = track_requests(client) if kernel_name in LATE_OUTPUT_KERNELS else None
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            count += 1
            try:
                client.execute_cell(cell, index)
            except Exception as exc:  # CellExecutionError, timeouts, dead kernel
                cell.setdefault("outputs", []).append(nbformat.v4.new_output(
                    "stream", name="stderr", text="%s: %s" % (type(exc).__name__, exc)))
            if requests:
                late += collect_late_outputs(client, cell, index, requests[-1])
            cell["execution_count"] = count
            if cell_failed(cell):
                src = cell.source if len(cell.source) < 800 else cell.source[:800] + "..."
                print("--- cell %d failed:\n%s\n--- stderr:\n%s" % (count, src, stderr_of(cell)), file=sys.stderr)
                ok = False
                break
    base = os.path.splitext(os.path.basename(path))[0]
    os.makedirs(outdir, exist_ok=True)
    executed = os.path.join(outdir, base + ".ipynb")
    nbformat.write(nb, executed)
    html = subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "html", "--output-dir", outdir, executed],
                          capture_output=True, text=True)
    if html.returncode != 0:
        print(html.stderr, file=sys.stderr)
        ok = False
    elif check_png and not plots_exported(nb, os.path.join(outdir, base + ".html")):
        ok = False
    label = "%s [%s]" % (base, kernel) if kernel else base
    note = ", %d outputs after idle" % late if late else ""
    print("notebook %s: %s (%.1f s%s)" % (label, "ok" if ok else "FAILED", time.time() - t0, note))
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--out", default="out/notebooks")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--no-png-check", action="store_true",
                    help="do not require a PNG for every plot (a test of unawaited plots)")
    ap.add_argument("--kernel", default=None,
                    help="run every notebook in this kernel (e.g. deno) instead of its own")
    args = ap.parse_args()
    notebooks = []
    for p in args.paths:
        if os.path.isdir(p):
            notebooks += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".ipynb"))
        else:
            notebooks.append(p)
    passed = failed = 0
    for nb in notebooks:
        if run_one(nb, args.out, args.timeout, not args.no_png_check, args.kernel):
            passed += 1
        else:
            failed += 1
    print("notebooks: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
