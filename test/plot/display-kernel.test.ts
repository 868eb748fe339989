// Inside a kernel: tslab's jupyter module exposes the current writeDisplayData.
const calls: unknown[][] = [];
jest.mock("tslab/dist/jupyter", () => ({
  lastWriteDisplayData: (...args: unknown[]) => { calls.push(args); },
}));

import { displayBundle, displayHTML, displaySpec, inKernel, VEGALITE_MIME } from "../../src/plot/display";
import { lineSpec } from "../../src/plot/specs";

describe("display inside a (mocked) tslab kernel", () => {
  beforeEach(() => { calls.length = 0; });

  test("displayBundle sends ONE output with three mime types", () => {
    expect(inKernel()).toBe(true);
    const spec = lineSpec({ x: [0, 1], series: [{ name: "a", y: [1, 2] }] });
    const ret = displayBundle({ vegalite: spec, image: { png: new Uint8Array([0]), width: 40, height: 30 }, text: "plot" });
    expect(ret).toBeUndefined();
    expect(calls.length).toBe(1);
    const [msg, update] = calls[0] as [{ data: Record<string, unknown>; metadata: object; transient: object }, boolean];
    expect(update).toBe(false);
    expect(Object.keys(msg.data).sort()).toEqual([VEGALITE_MIME, "image/png", "text/plain"].sort());
    expect(msg.data[VEGALITE_MIME]).toBe(spec);
    expect(msg.metadata).toEqual({ "image/png": { width: 40, height: 30 } });
    expect(msg.transient).toEqual({});
  });

  test("displayHTML sends text/html and text/plain", () => {
    displayHTML("<table></table>", "summary");
    expect(calls.length).toBe(1);
    const msg = calls[0][0] as { data: Record<string, unknown> };
    expect(msg.data).toEqual({ "text/html": "<table></table>", "text/plain": "summary" });
  });

  test("displaySpec renders then sends one output", async () => {
    await displaySpec(lineSpec({ x: [0, 1], series: [{ name: "a", y: [1, 2] }], title: "hello" }));
    expect(calls.length).toBe(1);
    const msg = calls[0][0] as { data: Record<string, string> };
    expect(msg.data["text/plain"]).toContain("hello");
    expect(Buffer.from(msg.data["image/png"], "base64").subarray(1, 4).toString()).toBe("PNG");
  });
});
