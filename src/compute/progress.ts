/**
 * Progress of long runs, with rate and time left, drawn where a person is looking and nowhere else:
 * - in a notebook (tslab, or Deno's kernel): ONE output, updated in place through its display id
 *   (`update_display_data`), never a stream of outputs;
 * - in a terminal: a cli-progress bar on stderr, only when stderr is a TTY;
 * - elsewhere (CI logs, pipes, jest, `SPYTS_PROGRESS=0`): nothing: a bar redrawn into a log is noise.
 *   (Under jest no kernel writer exists, and the terminal bar is off even in a TTY.)
 *
 * A display may wait `delayMs` before it appears (the ComputationalRoutine waits 2 s, so quick calls
 * print nothing); when the run ends before that, nothing is ever drawn. Once shown, the final state
 * says how the run ended and how long it took. Redraws are throttled (4 per second in a notebook,
 * cli-progress' own rate in a terminal), so drawing never costs measurable time.
 *
 * The ComputationalRoutine (every metafunction) and the BatchProcessor (`batch/progress.ts`) use it.
 * Tests inject the writer, the clock and the timer.
 */
import { randomBytes } from "crypto";
import { KernelWriter, kernelWriter } from "../plot/display";
// escapeHTML: the one escape of every HTML path; the label (a function name in batch runs) and error messages are user text
import { escapeHTML, formatBytes } from "../plot/summary";

export interface Progress {
  /** `done` of the `total` units finished; `bytes` of input consumed so far (shown with `bytes: true`). */
  update(done: number, bytes?: number): void;
  /** Final state: done (no error), or the error that stopped the run (an interrupt says "interrupted"). */
  stop(error?: Error): void;
  /** Whether anything has been drawn (for tests). */
  readonly shown: boolean;
}

/** Where a notebook progress output goes: what `kernelWriter()` gives (tests pass a fake). */
export type ProgressWriter = Pick<KernelWriter, "write">;

export interface ProgressOptions {
  /** What runs ("wavelet_cF", a batch transform's name). */
  label: string;
  /** Units of work in all. */
  total: number;
  /** Their name, plural ("trials", "batches"). Default "trials". */
  unit?: string;
  /** Show the bytes consumed and their rate instead of units per second. */
  bytes?: boolean;
  /** Nothing is drawn before the run has lasted this long, ms. Default 0. */
  delayMs?: number;
  /**
   * Where to draw: a kernel writer, "terminal" (stderr bar), or null (nothing). Default: the
   * running kernel's writer, else the terminal when stderr is a TTY, else nothing; never under jest
   * or with SPYTS_PROGRESS=0.
   */
  target?: ProgressWriter | "terminal" | null;
  /** Milliseconds clock (default Date.now). */
  now?: () => number;
  /** Schedule the delayed first draw (default: an unref'ed setTimeout); returns a cancel function. */
  schedule?: (fn: () => void, ms: number) => () => void;
  /** Minimum time between two notebook redraws, ms. Default 250. */
  minIntervalMs?: number;
}

export const NOOP_PROGRESS: Progress = { update() { /* hidden */ }, stop() { /* hidden */ }, shown: false };

/** Whether progress displays are switched off (SPYTS_PROGRESS=0|false|off|no). */
export function progressDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.SPYTS_PROGRESS ?? "").trim().toLowerCase();
  return v === "0" || v === "false" || v === "off" || v === "no";
}

/**
 * Where a progress display draws by default: the running kernel (none under jest or in a script),
 * else the terminal when stderr is a TTY outside CI and jest, else nowhere.
 */
export function defaultProgressTarget(env: NodeJS.ProcessEnv = process.env, stderrIsTTY = process.stderr.isTTY === true): ProgressWriter | "terminal" | null {
  if (progressDisabled(env)) return null;
  const writer = kernelWriter();
  if (writer !== null) return writer;
  if (stderrIsTTY && !env.CI && env.JEST_WORKER_ID === undefined) return "terminal";
  return null;
}

/** "4.2 s", "3 min 12 s", "1 h 5 min"; "?" when unknown. */
export function fmtDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return "?";
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - 60 * m)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function fmtRate(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return `? ${unit}/s`;
  const digits = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
  return `${perSecond.toFixed(digits)} ${unit}/s`;
}

function endNote(error: Error | undefined): string {
  if (!error) return "done";
  if (error.name === "SPYInterruptError") return "interrupted";
  return `failed: ${error.message}`;
}


/** The line of text a progress display shows (exported for tests). */
export function progressText(
  o: { label: string; total: number; unit: string; bytes: boolean },
  done: number, bytes: number, elapsedMs: number, end?: string,
): { text: string; frac: number } {
  const el = elapsedMs / 1000;
  const frac = o.total > 0 ? Math.min(1, done / o.total) : 1;
  const rate = o.bytes ? `${formatBytes(bytes)} at ${formatBytes(el > 0 ? bytes / el : 0)}/s` : fmtRate(el > 0 ? done / el : 0, o.unit);
  if (end !== undefined) {
    const what = end === "done" ? `${done}/${o.total} ${o.unit} in ${fmtDuration(el)}` : `${end} at ${done}/${o.total} ${o.unit} after ${fmtDuration(el)}`;
    return { frac, text: `${o.label}: ${end === "done" ? "done, " : ""}${what} (${rate})` };
  }
  const left = done > 0 ? (el * (o.total - done)) / done : Infinity;
  return { frac, text: `${o.label}: ${done}/${o.total} ${o.unit}, ${rate}, elapsed ${fmtDuration(el)}, left ${fmtDuration(left)}` };
}

function defaultSchedule(fn: () => void, ms: number): () => void {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
}

/** A progress display; silent when there is nowhere to draw. */
export function createProgress(opts: ProgressOptions): Progress {
  const target = opts.target === undefined ? defaultProgressTarget() : opts.target;
  if (target === null || !(opts.total > 0)) return NOOP_PROGRESS;
  const o = { label: opts.label, total: opts.total, unit: opts.unit ?? "trials", bytes: opts.bytes ?? false };
  const now = opts.now ?? Date.now;
  const schedule = opts.schedule ?? defaultSchedule;
  const delay = Math.max(0, opts.delayMs ?? 0);
  const t0 = now();
  const drawer = target === "terminal" ? terminalDrawer(o, now, t0) : notebookDrawer(o, target, now, t0, opts.minIntervalMs ?? 250);
  let done = 0;
  let bytes = 0;
  let shown = false;
  let stopped = false;
  const show = () => {
    if (stopped || shown) return;
    shown = true;
    drawer.draw(done, bytes, true);
  };
  const cancel = delay > 0 ? schedule(show, delay) : () => undefined;
  if (delay === 0) show();
  return {
    update(d, b = 0) {
      if (stopped) return;
      done = d;
      bytes = b;
      if (!shown) {
        if (now() - t0 >= delay) show();
        return;
      }
      drawer.draw(done, bytes, false);
    },
    stop(error) {
      if (stopped) return;
      stopped = true;
      cancel();
      if (shown) drawer.end(done, bytes, endNote(error));
    },
    get shown() { return shown; },
  };
}

interface Drawer {
  draw(done: number, bytes: number, force: boolean): void;
  end(done: number, bytes: number, note: string): void;
}

type Look = { label: string; total: number; unit: string; bytes: boolean };

function notebookDrawer(o: Look, writer: ProgressWriter, now: () => number, t0: number, minInterval: number): Drawer {
  const id = `spyts-progress-${randomBytes(8).toString("hex")}`;
  let first = true;
  let last = -Infinity;
  const send = (done: number, bytes: number, end?: string) => {
    const { text, frac } = progressText(o, done, bytes, now() - t0, end);
    const pct = (100 * frac).toFixed(1);
    const colour = end === undefined || end === "done" ? "#4c78a8" : "#e45756";
    const html = `<div style="font-family:monospace;font-size:12px"><div style="width:320px;height:10px;border:1px solid #888;display:inline-block;vertical-align:middle">` +
      `<div style="width:${pct}%;height:100%;background:${colour}"></div></div> ${pct}% &nbsp;${escapeHTML(text)}</div>`;
    writer.write({ data: { "text/html": html, "text/plain": `${pct}% ${text}` }, metadata: {}, transient: { display_id: id } }, !first);
    first = false;
  };
  return {
    draw(done, bytes, force) {
      const t = now();
      if (!force && t - last < minInterval && done < o.total) return;
      last = t;
      send(done, bytes);
    },
    end(done, bytes, note) { send(done, bytes, note); },
  };
}

function terminalDrawer(o: Look, now: () => number, t0: number): Drawer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SingleBar } = require("cli-progress") as typeof import("cli-progress");
  const bar = new SingleBar({
    format: `${o.label} [{bar}] {percentage}% | {value}/{total} ${o.unit} | {rate} | ETA {eta_formatted}`,
    stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 20,
  });
  let started = false;
  const rate = (done: number, bytes: number) => {
    const el = (now() - t0) / 1000;
    return o.bytes ? `${formatBytes(el > 0 ? bytes / el : 0)}/s` : fmtRate(el > 0 ? done / el : 0, o.unit);
  };
  return {
    draw(done, bytes) {
      if (!started) {
        started = true;
        bar.start(o.total, done, { rate: rate(done, bytes) });
        return;
      }
      bar.update(done, { rate: rate(done, bytes) });
    },
    end(done, bytes, note) {
      bar.update(done, { rate: rate(done, bytes) });
      bar.stop();
      process.stderr.write(`${progressText(o, done, bytes, now() - t0, note).text}\n`);
    },
  };
}
