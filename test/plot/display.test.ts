import {
  plotBundle, htmlBundle, displayBundle, displayHTML, displaySpec, specBundle, inKernel, VEGALITE_MIME,
} from "../../src/plot/display";
import { lineSpec } from "../../src/plot/specs";

// Outside a kernel: the real tslab module is loadable but its lastWriteDisplayData is null.
describe("display outside a kernel", () => {
  const spec = lineSpec({ x: [0, 1, 2], series: [{ name: "a", y: [1, 3, 2] }], title: "tiny" });

  test("the plot bundle has exactly the three mime types", () => {
    const b = plotBundle({ vegalite: spec, svg: "<svg><text>tiny</text></svg>", text: "a plot" });
    expect(Object.keys(b).sort()).toEqual([VEGALITE_MIME, "text/html", "text/plain"].sort());
    expect(VEGALITE_MIME).toBe("application/vnd.vegalite.v5+json");
    expect(b[VEGALITE_MIME]).toBe(spec);
    expect(b["text/html"]).toMatch(/^<div[^>]*><svg><text>tiny<\/text><\/svg><\/div>$/);
    expect(b["text/plain"]).toBe("a plot");
  });

  test("specBundle renders the SVG into the HTML part", async () => {
    const b = await specBundle(spec);
    expect(Object.keys(b).length).toBe(3);
    expect(String(b["text/html"])).toContain("<svg");
    expect(String(b["text/html"])).toContain("tiny");
    expect(b["text/plain"]).toBe("<spyts plot: tiny>");
  });

  test("html bundle has text/html and text/plain", () => {
    expect(Object.keys(htmlBundle("<b>x</b>", "x")).sort()).toEqual(["text/html", "text/plain"]);
  });

  test("display helpers return void and send nothing", async () => {
    expect(inKernel()).toBe(false);
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(displayBundle({ vegalite: spec, svg: "<svg/>", text: "t" })).toBeUndefined();
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
