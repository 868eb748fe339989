/**
 * Strings inside vega expressions (labelExpr, calculate). vega-expression's parser turns a string
 * literal whose value names an Object.prototype member ("constructor", "toString", "valueOf", ...)
 * or "if" into an identifier (it looks the literal up in a plain object of legal keywords), so
 * `["valueOf", "b"][i]` reads a signal named valueOf and the chart fails with "Operator not
 * defined". Such a string is written as a concatenation of two literals, which it leaves alone.
 */

/** vega would misread `s` as a string literal in an expression. */
export function vegaMisreads(s: string): boolean {
  return s === "if" || s in Object.prototype;
}

/** `s` as a vega expression that evaluates to the string s. */
export function vegaString(s: string): string {
  if (!vegaMisreads(s) || s.length < 2) return JSON.stringify(s);
  return `(${JSON.stringify(s.slice(0, 1))}+${JSON.stringify(s.slice(1))})`;
}

/** A title or label text: the string itself, or an expression where vega would misread it. */
export function vegaText(s: string): string | { expr: string } {
  return vegaMisreads(s) ? { expr: vegaString(s) } : s;
}

/** An array of strings as a vega expression (each element through vegaString). */
export function vegaStringArray(items: readonly string[]): string {
  return `[${items.map(vegaString).join(",")}]`;
}
