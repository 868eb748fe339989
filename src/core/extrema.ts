/**
 * Smallest and largest of a list of any length. `Math.min(...list)` passes the list as arguments,
 * which overflows the call stack beyond roughly 100 000 values (200 000 trials' lengths, say):
 * these loop instead. Empty lists give Infinity / -Infinity, as Math.min() / Math.max().
 */
export function minOf(values: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] < m || values[i] !== values[i]) m = values[i];
  return m;
}

export function maxOf(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > m || values[i] !== values[i]) m = values[i];
  return m;
}
