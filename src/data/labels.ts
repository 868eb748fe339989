/** Syncopy's default labels: 1-based, zero-padded to the width of N ("channel01".."channel32"). */
export function defaultLabels(prefix: string, n: number): string[] {
  const width = String(n).length;
  return Array.from({ length: n }, (_, i) => prefix + String(i + 1).padStart(width, "0"));
}
