/** hasNaN: a NaN anywhere (every position of the unrolled loop and of its tail), for each array type. */
import { hasNaN } from "../../src/preproc/pipeline";

test.each([["Float32Array"], ["Float64Array"], ["Array"]])("%s: a NaN at any position is found, Infinity is not a NaN", (kind) => {
  const make = (n: number) => (kind === "Float32Array" ? new Float32Array(n) : kind === "Float64Array" ? new Float64Array(n) : new Array<number>(n).fill(0));
  for (const n of [0, 1, 3, 4, 5, 8, 11]) {
    const x = make(n);
    expect(hasNaN(x)).toBe(false);
    for (let i = 0; i < n; i++) {
      x[i] = Infinity;
      expect(hasNaN(x)).toBe(false);
      x[i] = NaN;
      expect(hasNaN(x)).toBe(true);
      x[i] = -Infinity;
      expect(hasNaN(x)).toBe(false);
      x[i] = 0;
    }
  }
});
