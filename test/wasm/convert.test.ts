import { int16ToFloat32 } from "../../src/wasm/convert";
import { setKernelPath } from "../../src/wasm/kernelPath";
import { wasmModule } from "../../src/wasm/loader";

describe("kernel path switch and the int16 -> float32 kernel", () => {
  afterEach(() => setKernelPath("auto"));

  it("the wasm module is built and loads (npm test builds it first)", () => {
    expect(wasmModule("convert")).not.toBeNull();
  });

  it("wasm and TypeScript paths agree exactly on awkward lengths, including the int16 extremes", () => {
    for (const n of [0, 1, 7, 8, 9, 1023, 4099]) {
      const src = new Int16Array(n);
      for (let i = 0; i < n; i++) src[i] = ((i * 7919) % 65536) - 32768;
      if (n > 2) { src[0] = -32768; src[1] = 32767; }
      setKernelPath("wasm");
      const a = int16ToFloat32(src, new Float32Array(n));
      setKernelPath("ts");
      const b = int16ToFloat32(src, new Float32Array(n));
      expect(Array.from(a)).toEqual(Array.from(src));
      expect(Array.from(b)).toEqual(Array.from(src));
    }
  });

  it("rejects an unknown path naming the parameter and the choices", () => {
    expect(() => setKernelPath("simd" as never)).toThrow(/kernels.*simd.*"auto", "wasm", "ts"/s);
  });
});
