/**
 * Syncopy's random test selections (syncopy/tests/helpers.py mk_selection_dicts), restated with a
 * seeded generator of our own: the same shapes of selection, not numpy's draws.
 */

/** A deterministic LCG in [0, 1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * mk_selection_dicts(nTrials, nChannels, toi_min, toi_max)[0]: trials drawn with replacement
 * (10 .. nTrials of them, unsorted, repeats allowed), 2 .. nChannels distinct names "channel{i+1}"
 * in random order, a sorted latency window of >= 0.25 s inside [toi_min, toi_max].
 */
export function mkSelection(nTrials: number, nChannels: number, toiMin: number, toiMax: number, seed: number) {
  const r = lcg(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo)); // numpy randint [lo, hi)
  const trials = Array.from({ length: int(10, nTrials + 1) }, () => int(0, nTrials));
  const sizeCh = int(2, nChannels + 1);
  const pool = Array.from({ length: nChannels }, (_, i) => i);
  const channel: string[] = [];
  for (let k = 0; k < sizeCh; k++) channel.push(`channel${pool.splice(int(0, pool.length), 1)[0] + 1}`);
  let latency: number[];
  do {
    latency = [r(), r()].sort((a, b) => a - b).map((v) => v * (toiMax - toiMin) + toiMin);
  } while (latency[1] - latency[0] < 0.25);
  return { trials, channel, latency };
}
