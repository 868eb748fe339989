/**
 * The parameter table of a FOOOF fit, as text (terminals, the text/plain part of a display) and
 * HTML (notebooks): settings, aperiodic parameters, one row per peak, goodness of fit. The same
 * content as FOOOF's `print_results`, laid out as a table.
 */
import { escapeHTML } from "../plot/summary";
import type { FooofFitData } from "./fitData";

function fmt(v: number, digits = 4): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  return v.toFixed(digits);
}

function apNames(fit: FooofFitData): string[] {
  return fit.aperiodic_params.length === 3 ? ["offset", "knee", "exponent"] : ["offset", "exponent"];
}

function settingsLine(fit: FooofFitData): string {
  const s = fit.settings;
  return `peak_width_limits [${s.peak_width_limits.join(", ")}], max_n_peaks ${s.max_n_peaks}, ` +
    `min_peak_height ${s.min_peak_height}, peak_threshold ${s.peak_threshold}, aperiodic_mode ${s.aperiodic_mode}`;
}

export function fooofTableText(fit: FooofFitData): string {
  const [f0, f1] = fit.freq_range;
  const lines = [
    `FOOOF fit of ${fit.freqs.length} frequencies, ${fmt(f0, 2)} - ${fmt(f1, 2)} Hz (resolution ${fmt(fit.freq_res, 2)} Hz)`,
    `  settings: ${settingsLine(fit)}`,
  ];
  if (!fit.converged) {
    lines.push(`  FIT FAILED: ${fit.message}`);
    return lines.join("\n");
  }
  const names = apNames(fit);
  lines.push(`  aperiodic (${names.join(", ")}): ${fit.aperiodic_params.map((v) => fmt(v)).join(", ")}`);
  lines.push(`  ${fit.n_peaks} peak${fit.n_peaks === 1 ? "" : "s"}${fit.n_peaks ? ":" : ""}`);
  if (fit.n_peaks) {
    lines.push(`    ${"CF (Hz)".padStart(9)} ${"PW".padStart(8)} ${"BW (Hz)".padStart(9)}`);
    for (const [cf, pw, bw] of fit.peak_params) lines.push(`    ${fmt(cf, 2).padStart(9)} ${fmt(pw, 3).padStart(8)} ${fmt(bw, 2).padStart(9)}`);
  }
  lines.push(`  goodness of fit: r^2 = ${fmt(fit.r_squared)}, error (MAE) = ${fmt(fit.error)}`);
  return lines.join("\n");
}

const CSS = "border-collapse:collapse;font-family:monospace;font-size:12px";
const TD = "padding:1px 8px;text-align:right";
const TH = "padding:1px 8px;text-align:right;border-bottom:1px solid #999";

export function fooofTableHTML(fit: FooofFitData): string {
  const [f0, f1] = fit.freq_range;
  const head = `<b>FOOOF fit</b> of ${fit.freqs.length} frequencies, ${fmt(f0, 2)} – ${fmt(f1, 2)} Hz ` +
    `(resolution ${fmt(fit.freq_res, 2)} Hz)<br><span style="color:#666;font-size:11px">${escapeHTML(settingsLine(fit))}</span>`;
  if (!fit.converged) {
    return `<div class="spyts-fooof">${head}<br><b style="color:#b00">fit failed:</b> ${escapeHTML(fit.message)}</div>`;
  }
  const names = apNames(fit);
  const ap = `<table style="${CSS}"><tr>${names.map((n) => `<th style="${TH}">${n}</th>`).join("")}</tr>` +
    `<tr>${fit.aperiodic_params.map((v) => `<td style="${TD}">${fmt(v)}</td>`).join("")}</tr></table>`;
  const peaks = fit.n_peaks
    ? `<table style="${CSS}"><tr><th style="${TH}">#</th><th style="${TH}">CF (Hz)</th><th style="${TH}">PW</th><th style="${TH}">BW (Hz)</th></tr>` +
      fit.peak_params.map(([cf, pw, bw], k) => `<tr><td style="${TD}">${k}</td><td style="${TD}">${fmt(cf, 2)}</td><td style="${TD}">${fmt(pw, 3)}</td><td style="${TD}">${fmt(bw, 2)}</td></tr>`).join("") +
      "</table>"
    : "<i>no peaks</i>";
  const gof = `r² = ${fmt(fit.r_squared)}, error (MAE) = ${fmt(fit.error)}`;
  return `<div class="spyts-fooof">${head}<br><b>aperiodic</b>${ap}<b>${fit.n_peaks} peak${fit.n_peaks === 1 ? "" : "s"}</b>${peaks}` +
    `<b>goodness of fit</b>: ${gof}</div>`;
}
