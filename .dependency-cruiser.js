/**
 * The floors of src/ (docs/architecture.md), bottom to top. A module may import from its own floor
 * and from the floors below it, never from a floor above; no file may take part in an import cycle.
 * `npm run depcheck` (run by CI) fails on a violation.
 */
const FLOORS = [
  "core", "math", "plot", "cfg", "wasm", "data", "compute", "synthdata",
  "fooof", "specest", "preproc", "connectivity", "statistics", "batch", "io", "plotting",
];

const upward = FLOORS.map((floor, i) => ({
  name: `no-upward-from-${floor}`,
  comment: `src/${floor}/ is floor ${i}: it may import only ${FLOORS.slice(0, i + 1).join(", ")}`,
  severity: "error",
  from: { path: `^src/${floor}/` },
  to: { path: `^src/(${FLOORS.slice(i + 1).join("|") || "$^"})/|^src/index\\.ts$` },
})).filter((r) => !r.to.path.startsWith("^src/($^)"));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "no-data-to-methods",
      comment: "data/methods/ (selectdata, definetrial, redefinetrial) sits on the data classes, not under them",
      severity: "error",
      from: { path: "^src/data/", pathNot: "^src/data/methods/" },
      to: { path: "^src/data/methods/" },
    },
    {
      name: "no-circular",
      comment: "no file may import itself through others (type-only imports included)",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "index-is-exports-only",
      comment: "nothing inside the library imports the public barrel",
      severity: "error",
      from: { path: "^src/.+/" },
      to: { path: "^src/index\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    exclude: { path: "^(test|bench|demo|dist|build)/" },
  },
};
