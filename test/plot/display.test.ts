import {
  plotBundle, plotMetadata, plotParts, htmlBundle, displayBundle, displayHTML, displaySpec, specBundle, inKernel, VEGALITE_MIME,
} from "../../src/plot/display";
import { svgToPng, svgToRgba } from "../../src/plot/rasterize";
import { lineSpec } from "../../src/plot/specs";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(b64: string): [number, number] {
  const b = Buffer.from(b64, "base64");
  expect([...b.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/** Pixels that are not white (any channel below 250). */
function inked(rgba: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] < 250 || rgba[i + 1] < 250 || rgba[i + 2] < 250) n++;
  return n;
}

// Outside a kernel: the real tslab module is loadable but its lastWriteDisplayData is null.
describe("display outside a kernel", () => {
  const spec = lineSpec({ x: [0, 1, 2], series: [{ name: "a", y: [1, 3, 2] }], title: "tiny" });
  const image = { png: new Uint8Array([1, 2, 3]), width: 300, height: 200 };

  test("the plot bundle has exactly the vega-lite chart, a PNG and text, never text/html", () => {
    const b = plotBundle({ vegalite: spec, image, text: "a plot" });
    expect(Object.keys(b).sort()).toEqual([VEGALITE_MIME, "image/png", "text/plain"].sort());
    expect(VEGALITE_MIME).toBe("application/vnd.vegalite.v5+json");
    expect(b[VEGALITE_MIME]).toBe(spec);
    expect(b["image/png"]).toBe("AQID");
    expect(b["text/plain"]).toBe("a plot");
    expect(plotMetadata({ vegalite: spec, image, text: "" })).toEqual({ "image/png": { width: 300, height: 200 } });
  });

  test("specBundle rasterises the chart: a PNG twice the SVG's size, with ink on it", async () => {
    const parts = await plotParts(spec);
    const b = plotBundle(parts);
    const [w, h] = pngSize(String(b["image/png"]));
    expect(w).toBe(2 * parts.image.width);
    expect(h).toBe(2 * parts.image.height);
    expect(parts.image.width).toBeGreaterThan(100);
    expect(b["text/plain"]).toBe("<spyts plot: tiny>");
    expect(Object.keys(await specBundle(spec)).length).toBe(3);
  });

  test("text is drawn with the shipped font (no system fonts needed)", async () => {
    const blank = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"></svg>`;
    const withText = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="5" y="30" font-family="Helvetica, sans-serif" font-size="24">Hz 10</text></svg>`;
    const a = await svgToRgba(blank);
    const t = await svgToRgba(withText);
    expect(a.width).toBe(120);
    expect(inked(a.rgba)).toBe(0);
    // five glyphs at 24 px cover a few hundred pixels
    expect(inked(t.rgba)).toBeGreaterThan(150);
    const png = await svgToPng(withText, 1);
    expect([...png.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  test("html bundle has text/html and text/plain", () => {
    expect(Object.keys(htmlBundle("<b>x</b>", "x")).sort()).toEqual(["text/html", "text/plain"]);
  });

  test("display helpers return void and send nothing", async () => {
    expect(inKernel()).toBe(false);
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(displayBundle({ vegalite: spec, image, text: "t" })).toBeUndefined();
      expect(displayHTML("<b>x</b>", "x")).toBeUndefined();
      expect(await displaySpec(spec)).toBeUndefined();
      expect(write).not.toHaveBeenCalled();
      displayHTML("<b>x</b>", "the text", { printTextOutsideKernel: true });
      expect(write).toHaveBeenCalledWith("the text\n");
    } finally {
      write.mockRestore();
    }
  });
});
