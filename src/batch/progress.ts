/**
 * Progress of long batch runs, with rate and time left: in a notebook (tslab or Deno's kernel) one
 * output that is updated in place (a display id), in a terminal a cli-progress bar on stderr.
 * Elsewhere (CI logs, pipes, jest) nothing is drawn: a bar redrawn into a log file is noise.
 * Updates are throttled so that drawing never costs measurable time.
 */
import { randomBytes } from "crypto";
import { KernelWriter, kernelWriter } from "../plot/display";
import { formatBytes } from "../plot/summary";

export interface Progress {
  /** `done` units of work (batches) finished, `bytes` of input consumed so far. */
  update(done: number, bytes: number): void;
  /** Final state: "done" or the error that stopped the run. */
  stop(error?: Error): void;
}

const NOOP: Progress = { update() { /* hidden */ }, stop() { /* hidden */ } };
const MIN_INTERVAL_MS = 250;

function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - 60 * m)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function status(label: string, done: number, total: number, bytes: number, t0: number): { text: string; frac: number } {
  const el = (Date.now() - t0) / 1000;
  const frac = total > 0 ? done / total : 1;
  const rate = el > 0 ? bytes / el : 0;
  const left = frac > 0 ? el * (1 - frac) / frac : Infinity;
  return { frac, text: `${label}: ${done}/${total} batches, ${formatBytes(bytes)} at ${formatBytes(rate)}/s, elapsed ${fmtTime(el)}, left ${fmtTime(left)}` };
}

function notebookProgress(writer: KernelWriter, label: string, total: number): Progress {
  const id = randomBytes(8).toString("hex");
  const t0 = Date.now();
  let last = 0, first = true;
  const draw = (done: number, bytes: number, note?: string) => {
    const { text, frac } = status(label, done, total, bytes, t0);
    const pct = (100 * frac).toFixed(1);
    const html = `<div style="font-family:monospace;font-size:12px"><div style="width:320px;height:10px;border:1px solid #888;display:inline-block;vertical-align:middle">` +
      `<div style="width:${pct}%;height:100%;background:#4c78a8"></div></div> ${pct}% &nbsp;${text}${note ? ` &nbsp;<b>${note}</b>` : ""}</div>`;
    writer.write({ data: { "text/html": html, "text/plain": `${pct}% ${text}${note ? ` ${note}` : ""}` }, metadata: {}, transient: { display_id: id } }, !first);
    first = false;
  };
  let state = { done: 0, bytes: 0 };
  return {
    update(done, bytes) {
      state = { done, bytes };
      const now = Date.now();
      if (now - last < MIN_INTERVAL_MS && done < total) return;
      last = now;
      draw(done, bytes);
    },
    stop(error) { draw(state.done, state.bytes, error ? `failed: ${error.message}` : "done"); },
  };
}

function terminalProgress(label: string, total: number): Progress {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SingleBar } = require("cli-progress") as typeof import("cli-progress");
  const t0 = Date.now();
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} batches | {rate}/s | ETA {eta_formatted}`,
    stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 20,
  });
  bar.start(total, 0, { rate: "0 B" });
  return {
    update(done, bytes) {
      const el = (Date.now() - t0) / 1000;
      bar.update(done, { rate: formatBytes(el > 0 ? bytes / el : 0) });
    },
    stop(error) {
      bar.stop();
      if (error) process.stderr.write(`${label}: failed: ${error.message}\n`);
    },
  };
}

/** A progress display for `total` batches, or a silent one when hidden or nowhere to draw. */
export function createProgress(label: string, total: number, show: boolean): Progress {
  if (!show) return NOOP;
  const writer = kernelWriter();
  if (writer !== null) return notebookProgress(writer, label, total);
  if (process.stderr.isTTY) return terminalProgress(label, total);
  return NOOP;
}
