#!/usr/bin/python3
"""Execute notebooks with the tslab kernel cell by cell, then export them to HTML.

nbconvert --execute handles tslab errors badly (tslab reports errors only as a stderr
stream: nbconvert exits 1 with an empty message, and --allow-errors skips every later
cell). So we drive nbclient ourselves: stop at the first cell that fails, print its
stderr, and exit non-zero. tslab sends no execute_input, so execution_count is set here.

Usage: run_notebooks.py [--out DIR] [--timeout S] [--no-png-check] NOTEBOOK_OR_DIR...
Prints one line per notebook "notebook <name>: ok|FAILED", and a final line
"notebooks: N passed, M failed".
"""
import argparse
import os
import subprocess
import sys
import time

import nbformat
from nbclient import NotebookClient


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


def run_one(path, outdir, timeout, check_png=True):
    nb = nbformat.read(path, as_version=4)
    nbdir = os.path.dirname(os.path.abspath(path))
    client = NotebookClient(nb, timeout=timeout, kernel_name="tslab",
                            resources={"metadata": {"path": nbdir}})
    ok = True
    t0 = time.time()
    with client.setup_kernel():
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
    print("notebook %s: %s (%.1f s)" % (base, "ok" if ok else "FAILED", time.time() - t0))
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--out", default="out/notebooks")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--no-png-check", action="store_true",
                    help="do not require a PNG for every plot (a test of unawaited plots)")
    args = ap.parse_args()
    notebooks = []
    for p in args.paths:
        if os.path.isdir(p):
            notebooks += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".ipynb"))
        else:
            notebooks.append(p)
    passed = failed = 0
    for nb in notebooks:
        if run_one(nb, args.out, args.timeout, not args.no_png_check):
            passed += 1
        else:
            failed += 1
    print("notebooks: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
