import { summaryHTML, summaryText, abbreviateLabels, escapeHTML, formatBytes, logEntries, DataSummary } from "../../src/plot/summary";

const channels = Array.from({ length: 64 }, (_, i) => `chan${i + 1}`);
const log = [
  "|=== user@host: Mon Jan  1 10:00:00 2024 ===|",
  "\tdefinetrial: created AnalogData",
  "|=== user@host: Mon Jan  1 10:01:00 2024 ===|",
  "\tcomputed mtmfft_cF with settings",
  "\tmethod = mtmfft",
  "\ttaper = hann",
].join("\n");

const desc: DataSummary = {
  className: "SpectralData",
  dimord: ["time", "taper", "freq", "channel"],
  shape: [100, 1, 501, 64],
  dtype: "float64",
  nTrials: 100,
  samplerate: 1000,
  channel: channels,
  axes: { freq: { size: 501, first: 0, last: 250, unit: "Hz" }, taper: { size: 1, first: "hann" } },
  trialLengths: { min: 1000, max: 1500 },
  storage: { path: "/tmp/spy/x.arrow", bytes: 25_690_112 },
  log,
  cfgKeys: ["freqanalysis"],
};

describe("summary", () => {
  test("text: aligned key/value lines, abbreviated channels, last log entry", () => {
    const txt = summaryText(desc);
    expect(txt.split("\n")[0]).toBe("spyts SpectralData");
    expect(txt).toContain("dimord : time × taper × freq × channel");
    expect(txt).toContain("channel : 64: chan1, chan2, chan3, …, chan63, chan64");
    expect(txt).toContain("freq : 501: 0 … 250 Hz");
    expect(txt).toContain("trials : 100, 1000 … 1500 samples (1 … 1.5 s)");
    expect(txt).toContain("24.5 MiB");
    expect(txt).toContain("log : 2 entries; last: computed mtmfft_cF with settings");
    expect(txt).not.toContain("chan30");
  });

  test("html: escaped table with a collapsible provenance block", () => {
    const html = summaryHTML({ ...desc, className: "<script>alert(1)</script>", channel: ["a&b", "<c>"] });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("a&amp;b, &lt;c&gt;");
    expect(html).toMatch(/<details[^>]*><summary[^>]*>provenance: 2 log entries<\/summary><pre[^>]*>/);
    expect(html).toContain("method = mtmfft");
    expect(html).toContain("<table");
  });

  test("html shows only the last log entries", () => {
    const longLog = Array.from({ length: 12 }, (_, i) => `step ${i}\n\tdetail ${i}`).join("\n");
    const html = summaryHTML({ ...desc, log: longLog }, { logEntries: 3 });
    expect(html).toContain("last 3 of 12 log entries");
    expect(html).toContain("step 11");
    expect(html).not.toContain("step 8");
    expect(summaryHTML({ ...desc, log: undefined })).not.toContain("<details");
  });

  test("helpers", () => {
    expect(abbreviateLabels(["a", "b"])).toBe("a, b");
    expect(abbreviateLabels(channels.slice(0, 9))).toBe("chan1, chan2, chan3, …, chan8, chan9");
    expect(escapeHTML(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.50 KiB");
    expect(logEntries("one\n  more\ntwo")).toEqual(["one\n  more", "two"]);
  });

  test("minimal descriptor (no optional fields)", () => {
    const d: DataSummary = { className: "AnalogData", dimord: ["time", "channel"], shape: [0, 0], dtype: "float32", nTrials: 0 };
    expect(summaryText(d)).toContain("trials : 0");
    expect(summaryHTML(d)).toContain("AnalogData");
  });
});
