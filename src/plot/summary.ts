/**
 * Compact summaries of data objects, as HTML (notebooks) and plain text (terminals, the
 * text/plain part of a display). The data classes fill a `DataSummary` descriptor; nothing here
 * knows the classes themselves.
 */
import { maxOf } from "../core/extrema";

export interface AxisSummary {
  size: number;
  first?: number | string;
  last?: number | string;
  unit?: string;
}

export interface DataSummary {
  /** e.g. "AnalogData". */
  className: string;
  /** e.g. ["time", "channel"]. */
  dimord: string[];
  /** Shape of the whole (stacked) dataset. */
  shape: number[];
  dtype: string;
  nTrials: number;
  /** Hz. */
  samplerate?: number;
  channel?: string[];
  /** Other axes by name (freq, taper, time of one trial, ...). */
  axes?: Record<string, AxisSummary>;
  /** Shortest and longest trial, in samples. */
  trialLengths?: { min: number; max: number };
  /** Backing file and its size in bytes. */
  storage?: { path: string; bytes: number };
  /** The provenance log (Syncopy style: entries start with "|=== ... ===|" lines). */
  log?: string;
  /** Top-level keys of the cfg (the frontends that made this object). */
  cfgKeys?: string[];
  /** Extra datasets beside the trials (jack_var, ...): name -> "[shape] dtype". */
  datasets?: Record<string, string>;
  /** The object's info entries, shown as key: value (short values only). */
  info?: Record<string, unknown>;
}

export interface SummaryOptions {
  /** Log entries shown (the last ones; default 5). */
  logEntries?: number;
  /** Labels listed in full up to this count; longer lists show the first 3, "…", the last 2 (default 8). */
  maxLabels?: number;
}

/** Escape text for HTML element content and attribute values. */
export function escapeHTML(s: unknown): string {
  return String(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** "a, b, c, …, y, z" for long label lists (first 3 and last 2). */
export function abbreviateLabels(labels: readonly string[], maxLabels = 8): string {
  if (labels.length <= maxLabels) return labels.join(", ");
  return [...labels.slice(0, 3), "…", ...labels.slice(-2)].join(", ");
}

/** Human-readable size with binary prefixes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return String(bytes);
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

function fmt(v: number | string | undefined): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

/** Split a provenance log into entries (at "|===" header lines, else at unindented lines). */
export function logEntries(log: string): string[] {
  const lines = log.replace(/\r\n?/g, "\n").split("\n");
  const headed = lines.some((l) => l.startsWith("|==="));
  const out: string[][] = [];
  for (const line of lines) {
    const starts = headed ? line.startsWith("|===") : line.length > 0 && !/^\s/.test(line);
    if (starts || out.length === 0) out.push([line]);
    else out[out.length - 1].push(line);
  }
  return out.map((e) => e.join("\n").replace(/\s+$/, "")).filter((e) => e.trim().length > 0);
}

interface Row { key: string; value: string; title?: string }

function rows(d: DataSummary, o: Required<SummaryOptions>): Row[] {
  const r: Row[] = [];
  r.push({ key: "dimord", value: d.dimord.join(" × ") });
  r.push({ key: "shape", value: `[${d.shape.join(", ")}] ${d.dtype}` });
  let trials = String(d.nTrials);
  if (d.trialLengths) {
    const { min, max } = d.trialLengths;
    const secs = (n: number) => (d.samplerate ? ` (${fmt(n / d.samplerate)} s)` : "");
    trials += min === max ? `, ${min} samples each${secs(min)}` : `, ${min} … ${max} samples${d.samplerate ? ` (${fmt(min / d.samplerate)} … ${fmt(max / d.samplerate)} s)` : ""}`;
  }
  r.push({ key: "trials", value: trials });
  if (d.samplerate !== undefined) r.push({ key: "samplerate", value: `${fmt(d.samplerate)} Hz` });
  if (d.channel) {
    r.push({ key: "channel", value: `${d.channel.length}: ${abbreviateLabels(d.channel, o.maxLabels)}`, title: d.channel.length > o.maxLabels ? d.channel.join(", ") : undefined });
  }
  for (const [name, ax] of Object.entries(d.axes ?? {})) {
    let v = String(ax.size);
    if (ax.first !== undefined) {
      v += `: ${fmt(ax.first)}`;
      if (ax.last !== undefined && ax.size > 1) v += ` … ${fmt(ax.last)}`;
      if (ax.unit) v += ` ${ax.unit}`;
    } else if (ax.unit) v += ` (${ax.unit})`;
    r.push({ key: name, value: v });
  }
  if (d.storage) r.push({ key: "storage", value: `${d.storage.path} (${formatBytes(d.storage.bytes)})` });
  if (d.cfgKeys && d.cfgKeys.length) r.push({ key: "cfg", value: abbreviateLabels(d.cfgKeys, o.maxLabels) });
  const ds = Object.entries(d.datasets ?? {});
  if (ds.length) r.push({ key: "datasets", value: ds.map(([k, v]) => `${k} ${v}`).join(", ") });
  const info = Object.entries(d.info ?? {}).map(([k, v]) => `${k}: ${typeof v === "number" ? fmt(v) : JSON.stringify(v)}`).filter((t) => t.length <= 60);
  if (info.length) r.push({ key: "info", value: abbreviateLabels(info, o.maxLabels) });
  return r;
}

function options(opts: SummaryOptions): Required<SummaryOptions> {
  return { logEntries: Math.max(0, Math.floor(opts.logEntries ?? 5)), maxLabels: Math.max(5, Math.floor(opts.maxLabels ?? 8)) };
}

/** Plain-text summary: aligned "key : value" lines, then the number of log entries and the last one's first line. */
export function summaryText(desc: DataSummary, opts: SummaryOptions = {}): string {
  const o = options(opts);
  const rs = rows(desc, o);
  const w = maxOf(rs.map((x) => x.key.length));
  const lines = [`spyts ${desc.className}`, ...rs.map((x) => `  ${x.key.padStart(w)} : ${x.value}`)];
  if (desc.log) {
    const entries = logEntries(desc.log);
    if (entries.length) {
      const last = entries[entries.length - 1].split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("|===")).slice(0, 1)[0] ?? "";
      lines.push(`  ${"log".padStart(w)} : ${entries.length} entr${entries.length === 1 ? "y" : "ies"}${last ? `; last: ${last}` : ""}`);
    }
  }
  return lines.join("\n");
}

/** HTML summary: a small table plus the last log entries in a collapsible <details>. Everything is escaped. */
export function summaryHTML(desc: DataSummary, opts: SummaryOptions = {}): string {
  const o = options(opts);
  const rs = rows(desc, o);
  const th = "text-align:right;padding:1px 8px 1px 0;font-weight:600;color:#555;vertical-align:top";
  const td = "text-align:left;padding:1px 0;font-family:monospace";
  const body = rs
    .map((x) => `<tr><th style="${th}">${escapeHTML(x.key)}</th><td style="${td}"${x.title ? ` title="${escapeHTML(x.title)}"` : ""}>${escapeHTML(x.value)}</td></tr>`)
    .join("");
  let details = "";
  if (desc.log && o.logEntries > 0) {
    const entries = logEntries(desc.log);
    if (entries.length) {
      const shown = entries.slice(-o.logEntries);
      const label = entries.length > shown.length ? `provenance: last ${shown.length} of ${entries.length} log entries` : `provenance: ${entries.length} log entr${entries.length === 1 ? "y" : "ies"}`;
      details = `<details style="margin-top:4px"><summary style="cursor:pointer">${escapeHTML(label)}</summary>` +
        `<pre style="margin:4px 0;padding:4px;background:#f6f6f6;font-size:11px;white-space:pre-wrap">${escapeHTML(shown.join("\n"))}</pre></details>`;
    }
  }
  return `<div class="spyts-summary" style="font-size:12px;line-height:1.35">` +
    `<div style="font-weight:700;margin-bottom:2px">${escapeHTML(desc.className)}</div>` +
    `<table style="border-collapse:collapse;margin:0">${body}</table>${details}</div>`;
}
