// Inside a kernel: tslab's jupyter module exposes the current writeDisplayData.
const calls: unknown[][] = [];
jest.mock("tslab/dist/jupyter", () => ({
  lastWriteDisplayData: (...args: unknown[]) => { calls.push(args); },
}));

import { displayBundle, displayHTML, displaySpec, inKernel, VEGALITE_MIME } from "../../src/plot/display";
import { inspect } from "util";
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

  test("displaySpec sends the chart at once, then updates that output with the PNG", async () => {
    const spec = lineSpec({ x: [0, 1], series: [{ name: "a", y: [1, 2] }], title: "hello" });
    const pending = displaySpec(spec);
    // synchronously, before anything is awaited: an unawaited call in a cell still shows the chart
    expect(calls.length).toBe(1);
    const [first, update0] = calls[0] as [{ data: Record<string, unknown>; transient: { display_id: string } }, boolean];
    expect(update0).toBe(false);
    expect(Object.keys(first.data).sort()).toEqual([VEGALITE_MIME, "text/plain"].sort());
    expect(first.data[VEGALITE_MIME]).toBe(spec);
    expect(first.transient.display_id).toMatch(/^spyts-plot-/);
    // tslab prints a cell's last value with util.inspect: a hint, not "Promise { <pending> }"
    expect(inspect(pending)).toMatch(/^\(plot above; `await`/);
    await pending;
    expect(calls.length).toBe(2);
    const [second, update1] = calls[1] as [{ data: Record<string, string>; metadata: Record<string, { width: number }>; transient: { display_id: string } }, boolean];
    expect(update1).toBe(true);
    expect(second.transient.display_id).toBe(first.transient.display_id);
    expect(Object.keys(second.data).sort()).toEqual([VEGALITE_MIME, "image/png", "text/plain"].sort());
    expect(second.data["text/plain"]).toContain("hello");
    expect(Buffer.from(second.data["image/png"], "base64").subarray(1, 4).toString()).toBe("PNG");
    expect(second.metadata["image/png"].width).toBeGreaterThan(100);
  });

  test("two plots get two display ids", async () => {
    const spec = lineSpec({ x: [0, 1], series: [{ name: "a", y: [1, 2] }] });
    await Promise.all([displaySpec(spec), displaySpec(spec)]);
    const ids = new Set(calls.map((c) => (c[0] as { transient: { display_id: string } }).transient.display_id));
    expect(ids.size).toBe(2);
  });

  test("spy.singlepanelplot throws bad options synchronously (an unawaited call cannot hide them)", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const spy = require("../../src");
    const d = spy.synthdata.white_noise({ nTrials: 1, nSamples: 50, nChannels: 2, seed: 1 });
    expect(() => spy.singlepanelplot(d, { chanel: 0 })).toThrow(spy.SPYValueError);
    expect(calls.length).toBe(0);
  });
});
