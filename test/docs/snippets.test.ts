/**
 * The README's ```ts blocks and the notebooks' code cells type-check against `src` with the
 * TypeScript compiler API (no code runs here: the notebooks run in CI through the kernels).
 *
 * - Imports of "spyts", "../dist" and "../dist/index.js" are pointed at src/index.ts.
 * - A README block is a fragment: its import lines go to the top of its own module, the rest into
 *   an async function (so `await` works), after PREAMBLE: `import * as spy` and `declare const`
 *   for the objects the README's prose assumes (`data`, `trials`, `freqs`, ...). Names a block
 *   defines itself shadow these.
 * - A notebook is one module: its code cells in order, with top-level await (tslab runs them so).
 * - The check must fail on a type error: a deliberately broken snippet proves it, and the typed
 *   keywords and return types (issue 15) are checked the same way, both ways.
 */
import * as fs from "fs";
import * as path from "path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const SRC_INDEX = path.join(ROOT, "src/index").replace(/\\/g, "/");
const VIRTUAL = path.join(ROOT, "test/docs/__virtual__");

/** What README prose takes as given; kept to the names the blocks use without defining them. */
const PREAMBLE = [
  `import * as spy from "${SRC_INDEX}";`,
  "declare const data: spy.AnalogData;        // an AnalogData with channels V1, V2, V3 (or A1..A3)",
  "declare const trials: spy.NDArray[];       // trials [time, channel]",
  "declare const recording: spy.AnalogData;   // one continuous recording",
  "declare const raw: spy.AnalogData;",
  "declare const lfp: spy.AnalogData, emg: spy.AnalogData;",
  "declare const day1: spy.AnalogData, day2: spy.AnalogData, day3: spy.AnalogData;",
  "declare const spec: spy.SpectralData, pow: spy.SpectralData, perTrial: spy.SpectralData;",
  "declare const tf: spy.SpectralData, fourierSpec: spy.SpectralData;",
  "declare const freqs: number[], power: number[];",
  "declare const c: number;                   // a channel index",
  "declare const trl: number[][];             // a trial definition",
  "declare const spikes: spy.SpikeData, events: spy.EventData;",
].join("\n");

/** Library specifiers of the docs, pointed at the sources. */
function mapImports(code: string): string {
  return code.replace(/(from\s+|import\s*\(\s*|require\s*\(\s*)(["'])(spyts|\.\.\/dist|\.\.\/dist\/index\.js)\2/g,
    (_m, pre: string, q: string) => `${pre}${q}${SRC_INDEX}${q}`);
}

interface Snippet {
  /** Virtual file name. */
  file: string;
  code: string;
  /** Where a line of `code` came from, for messages: line i of code -> "README.md:123". */
  origin: (line: number) => string;
}

/** Every ```ts block of the README, each wrapped as its own module. */
export function readmeSnippets(readme: string): Snippet[] {
  const lines = readme.split("\n");
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const block = lines.slice(start, end);
    const imports = block.filter((l) => /^import\s/.test(l));
    const body = block.map((l) => (/^import\s/.test(l) ? "" : l));
    const head = [...imports.map(mapImports), ...(imports.some((l) => /\bas spy\b/.test(l)) ? [PREAMBLE.replace(/^import .*\n/, "")] : [PREAMBLE])];
    const headLines = head.join("\n").split("\n").length + 1;
    const code = [...head, "export async function snippet(): Promise<void> {", ...body.map(mapImports), "}"].join("\n");
    out.push({
      file: path.join(VIRTUAL, `readme_line${start}.ts`),
      code,
      origin: (line) => (line >= headLines && line < headLines + block.length ? `README.md:${start + 1 + line - headLines}` : `README.md block at line ${start} (preamble line ${line + 1})`),
    });
    i = end;
  }
  return out;
}

/** A notebook's code cells in order as one module. */
export function notebookSnippet(file: string): Snippet {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  const origins: string[] = [];
  const parts: string[] = [];
  nb.cells.forEach((cell, k) => {
    if (cell.cell_type !== "code") return;
    const src = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    const cellLines = mapImports(src).split("\n");
    cellLines.forEach((_, j) => origins.push(`${path.basename(file)} cell ${k} line ${j + 1}`));
    parts.push(...cellLines);
  });
  // a module even without imports, so top-level await is allowed
  parts.push("export {};");
  return { file: path.join(VIRTUAL, `${path.basename(file, ".ipynb")}.ts`), code: parts.join("\n"), origin: (line) => origins[line] ?? path.basename(file) };
}

/**
 * Type-check the snippets in one program; the messages of every error, with their origin.
 * `strict`: the repo's tsconfig (strict, as a user project may be); false: tslab's own options
 * (tslab 1.0.22's converter: ESNext modules, Node10 resolution, esModuleInterop, not strict), what
 * a notebook cell is checked with before it runs.
 */
export function typeCheck(snippets: Snippet[], strict = true): string[] {
  const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    // top-level await in notebooks needs an ES module target; the sources type-check the same way
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    noEmit: true,
    types: ["node"],
    declaration: false,
    sourceMap: false,
    ...(strict ? {} : { strict: false, noImplicitAny: false, strictNullChecks: false, esModuleInterop: true }),
  };
  const byName = new Map(snippets.map((s) => [path.resolve(s.file), s]));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) => {
    const s = byName.get(path.resolve(name));
    return s ? ts.createSourceFile(name, s.code, lang, true) : getSourceFile(name, lang, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => byName.has(path.resolve(name)) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => byName.get(path.resolve(name))?.code ?? readFile(name);
  const program = ts.createProgram([...byName.keys()], options, host);
  const messages: string[] = [];
  // the snippets' own diagnostics (and global ones); src itself is checked by `npm run typecheck`
  // (under tslab's options it is not meant to compile: tslab sees the library's .d.ts)
  const diagnostics = [
    ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(),
    ...[...byName.keys()].flatMap((name) => {
      const sf = program.getSourceFile(name)!;
      return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    }),
  ];
  for (const diag of diagnostics) {
    const text = ts.flattenDiagnosticMessageText(diag.messageText, "\n");
    const name = diag.file ? path.resolve(diag.file.fileName) : "";
    const s = byName.get(name);
    if (s && diag.file && diag.start !== undefined) {
      const { line } = diag.file.getLineAndCharacterOfPosition(diag.start);
      messages.push(`${s.origin(line)}: ${text}\n    ${s.code.split("\n")[line].trim()}`);
    } else {
      messages.push(`${diag.file ? diag.file.fileName : "(global)"}: ${text}`);
    }
  }
  return messages;
}

/** Code that must type-check (ok) or must not (bad), each its own module. */
function probe(name: string, body: string): Snippet {
  const code = `${PREAMBLE}\nexport async function probe(): Promise<void> {\n${body}\n}`;
  return { file: path.join(VIRTUAL, `probe_${name}.ts`), code, origin: (line) => `probe ${name} line ${line + 1}` };
}

/** Must type-check: the result classes of issue 15 and Syncopy's cfg forms. */
const OK = probe("ok", [
  "const a: spy.AnalogData = spy.synthdata.white_noise({ nTrials: 3, nSamples: 100 });",
  "const b: spy.AnalogData = spy.synthdata.harmonic({ freq: 10 });",
  "const n: spy.NDArray = spy.synthdata.white_noise({ nTrials: null, nSamples: 100 });",
  "const s: spy.SpectralData = await spy.freqanalysis(a, { method: 'mtmfft', tapsmofrq: 2 });",
  "const kw = { method: 'mtmconvol', t_ftimwin: 0.2, toi: 0.5 };   // a cfg in a variable: method is a string",
  "const t: spy.SpectralData = await spy.freqanalysis(kw, a);",
  "const r: spy.SpectralData = await spy.freqanalysis(a, s.cfg);",
  "const cfg = spy.get_defaults(spy.freqanalysis); cfg.taper = 'hamming';",
  "const u: spy.SpectralData = await spy.freqanalysis(cfg, a);",
  "const sub: spy.SpectralData = await spy.selectdata(s, { frequency: [1, 10] });",
  "const m: spy.SpectralData = await spy.mean(s, { dim: 'trials' });",
  "const c: spy.CrossSpectralData = await spy.connectivityanalysis(s, { method: 'coh' });",
  "const p: spy.AnalogData = await spy.preprocessing(a, { filter_type: 'hp', freq: 1 });",
  "const re: spy.AnalogData = await spy.redefinetrial(p, { toilim: [0, 0.05] });",
  "const d: spy.AnalogData = spy.definetrial(a, [[0, 50, 0]]);",
  "const tl: spy.TimeLockData = await spy.timelockanalysis(a, { latency: [0, 0.05] });",
  "const i: spy.SpectralData = await spy.itc(s);",
  "const l: spy.SpectralData = await spy.load<spy.SpectralData>('x.spy', { dataclass: 'spectral' });",
  "void [b, n, t, r, u, sub, m, c, re, d, tl, i, l];",
].join("\n"));

/** Must not type-check, each for one reason. */
const BAD: Record<string, string> = {
  wrongKind: "await spy.freqanalysis(data, { tapsmofrq: '4' });",
  wrongResult: "const s: spy.AnalogData = await spy.freqanalysis(data, {});",
  bareTrial: "const a: spy.AnalogData = spy.synthdata.white_noise({ nTrials: null });",
  wrongInput: "await spy.freqanalysis(spec, {});",
  notAList: "await spy.preprocessing(data, { filter_type: 'bp', freq: '10-20' });",
  missingAwait: "const s: spy.SpectralData = spy.freqanalysis(data, {});",
};

const probes = [OK, ...Object.entries(BAD).map(([name, body]) => probe(name, body))];

describe("the docs' code type-checks against src", () => {
  const readme = readmeSnippets(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
  const notebooks = fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort()
    .map((f) => notebookSnippet(path.join(ROOT, "notebooks", f)));

  test("the README has ts blocks and the notebooks have code", () => {
    expect(readme.length).toBeGreaterThanOrEqual(10);
    expect(notebooks.length).toBeGreaterThanOrEqual(5);
  });

  // one strict program for the README and the probes below (a program over src takes ~30 s)
  let strictErrors: string[] | undefined;
  const strictCheck = () => (strictErrors ??= typeCheck([...readme, ...probes]));

  test("every README ts block compiles (strict)", () => {
    expect(strictCheck().filter((e) => e.startsWith("README.md"))).toEqual([]);
  }, 120_000);

  test("every notebook compiles as tslab checks it", () => {
    expect(typeCheck(notebooks, false)).toEqual([]);
  }, 120_000);

  test("a type error fails the check (a deliberately broken snippet), and the types say what the functions return", () => {
    const errors = strictCheck().filter((e) => e.startsWith("probe "));
    expect(errors.filter((e) => e.startsWith("probe ok"))).toEqual([]);
    for (const name of Object.keys(BAD)) {
      expect(errors.filter((e) => e.startsWith(`probe ${name} `)).length).toBeGreaterThan(0);
    }
    // nothing else failed: every error is the README's or a probe's
    expect(strictCheck().filter((e) => !e.startsWith("probe ") && !e.startsWith("README.md"))).toEqual([]);
  }, 120_000);
});

