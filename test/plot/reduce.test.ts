import { minMaxReduce, blockAverage, cellEdges } from "../../src/plot/reduce";
import { SPYValueError } from "../../src/core/errors";

function ramp(n: number, fs = 1000): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => i / fs);
}

describe("minMaxReduce", () => {
  test("a single spike in 10^6 samples survives; length <= 2*nColumns", () => {
    const n = 1_000_000;
    const x = ramp(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = 0.1 * Math.sin(i / 50);
    y[654321] = 42;
    y[123457] = -17;
    for (const nCol of [1000, 600, 37]) {
      const r = minMaxReduce(x, y, nCol);
      expect(r.x.length).toBeLessThanOrEqual(2 * nCol);
      expect(r.y.length).toBe(r.x.length);
      expect(Math.max(...r.y)).toBe(42);
      expect(Math.min(...r.y)).toBe(-17);
      expect(r.x[Array.from(r.y).indexOf(42)]).toBe(x[654321]);
    }
  });

  test("keeps original order (x strictly increasing) and each column's extremes", () => {
    const n = 10_000, nCol = 100;
    const x = ramp(n);
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7)));
    const r = minMaxReduce(x, y, nCol);
    for (let i = 1; i < r.x.length; i++) expect(r.x[i]).toBeGreaterThan(r.x[i - 1]);
    // every column's min and max are present
    for (let b = 0; b < nCol; b++) {
      const s = Math.floor((b * n) / nCol), e = Math.floor(((b + 1) * n) / nCol);
      const seg = Array.from(y.subarray(s, e));
      expect(Array.from(r.y)).toContain(Math.max(...seg));
      expect(Array.from(r.y)).toContain(Math.min(...seg));
    }
  });

  test("short series pass through unchanged", () => {
    const x = ramp(50), y = Float64Array.from({ length: 50 }, (_, i) => i * i);
    const r = minMaxReduce(x, Array.from(y), 25);
    expect(r.x).toEqual(x);
    expect(r.y).toEqual(y);
    expect(r.y).toBeInstanceOf(Float64Array);
  });

  test("NaN is skipped; all-NaN columns leave one NaN (a gap)", () => {
    const n = 1000;
    const y = Float64Array.from({ length: n }, (_, i) => (i >= 500 && i < 600 ? NaN : i % 3));
    const r = minMaxReduce(ramp(n), y, 10);
    const nanCount = Array.from(r.y).filter((v) => Number.isNaN(v)).length;
    expect(nanCount).toBe(1);
    expect(r.x.length).toBe(19);
  });

  test("validates", () => {
    expect(() => minMaxReduce(ramp(10), new Float64Array(9))).toThrow(SPYValueError);
    expect(() => minMaxReduce(ramp(10), new Float64Array(10), 0)).toThrow(SPYValueError);
  });
});

describe("blockAverage and cellEdges", () => {
  test("averages blocks, ignores NaN, reduces edges", () => {
    // 4 x 2 grid -> 2 x 1
    const z = [1, 2, 3, 4, 5, 6, NaN, 8];
    const r = blockAverage(z, 4, 2, [0, 1, 2, 3, 4], [10, 20, 30], 2, 1);
    expect(r.nx).toBe(2);
    expect(r.ny).toBe(1);
    expect(Array.from(r.z)).toEqual([(1 + 2 + 5 + 6) / 4, (3 + 4 + 8) / 3]);
    expect(Array.from(r.xEdges)).toEqual([0, 2, 4]);
    expect(Array.from(r.yEdges)).toEqual([10, 30]);
  });

  test("grids that fit are copied as they are", () => {
    const z = [1, 2, 3, 4, 5, 6];
    const r = blockAverage(z, 3, 2, [0, 1, 2, 3], [0, 1, 2], 400, 200);
    expect(Array.from(r.z)).toEqual(z);
  });

  test("edges: midpoints (linear) and geometric midpoints (log)", () => {
    expect(Array.from(cellEdges([0, 1, 2]))).toEqual([-0.5, 0.5, 1.5, 2.5]);
    const e = cellEdges([1, 10, 100], true);
    expect(e[1]).toBeCloseTo(Math.sqrt(10), 12);
    expect(e[0]).toBeCloseTo(1 / Math.sqrt(10), 12);
    expect(e[3]).toBeCloseTo(100 * Math.sqrt(10), 9);
    expect(Array.from(cellEdges([5]))).toEqual([4.5, 5.5]);
  });
});
