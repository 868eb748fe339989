/**
 * Which code an array task runs. A notebook that uses the built package (dist/) hands its tasks
 * dist/ JavaScript, which starts in a fraction of a second. A driver running the TypeScript
 * sources (jest, `node -r ts-node/register` scripts) used to hand its tasks the sources too, and
 * every task then compiled them with ts-node on start (~10 s a task on the CI machine). Now such a
 * driver points its tasks at dist/ when dist/ is a current build of the same sources; only when it
 * is not (or a module the task needs has no dist/ counterpart, e.g. a test's own compute function)
 * do the tasks fall back to ts-node.
 *
 * "Current": every `src/**.ts` has its `dist/**.js`, written no earlier than the source was last
 * changed (make's rule). The version stamp the parts carry (./plan.ts BuildVersions: package
 * version, Node/V8, the wasm build's hash) is the same for src/ and dist/ of one checkout (both read
 * the one package.json and build/wasm), so it cannot tell a stale dist/ from a fresh one; the
 * modification times can. Set SPYTS_SLURM_TASKS=ts-node to force the sources.
 */
import * as fs from "fs";
import * as path from "path";

/** The package folder (package.json and bin/spyts.js) at or above `dir`, or null. */
export function packageRoot(dir: string): string | null {
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "bin", "spyts.js"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Whether `<root>/dist` is a current build of `<root>/src`: every .ts source (not .d.ts) has its
 * .js, modified no earlier than the source. Returns the first stale or missing file otherwise.
 */
export function distStatus(root: string): { current: true } | { current: false; why: string } {
  const src = path.join(root, "src");
  const dist = path.join(root, "dist");
  if (!fs.existsSync(dist)) return { current: false, why: "no dist/ (npm run build)" };
  const walk = (dir: string): string | null => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        const r = walk(p);
        if (r) return r;
        continue;
      }
      if (!e.name.endsWith(".ts") || e.name.endsWith(".d.ts")) continue;
      const js = path.join(dist, path.relative(src, p)).replace(/\.ts$/, ".js");
      let jsTime: number;
      try {
        jsTime = fs.statSync(js).mtimeMs;
      } catch {
        return `${path.relative(root, js)} is missing`;
      }
      if (jsTime < fs.statSync(p).mtimeMs) return `${path.relative(root, p)} is newer than its build`;
    }
    return null;
  };
  const stale = fs.existsSync(src) ? walk(src) : null;
  return stale ? { current: false, why: stale } : { current: true };
}

/** How the tasks of a plan start: the module paths to require and whether they need ts-node. */
export interface TaskModules {
  /** The task module (exports runTaskMain). */
  entry: string;
  /** The other modules the task requires (compute functions), in the order given. */
  modules: string[];
  /** "js": the driver's own JavaScript; "dist": a TypeScript driver's current dist/ build; "ts-node": the sources. */
  via: "js" | "dist" | "ts-node";
  /** Why the sources are used (via "ts-node"). */
  why?: string;
}

/**
 * Whether `require(m)` loads TypeScript: a .ts path, or a path without extension (compute
 * functions are named so: `path.join(__dirname, "mtmfftComputeFunction")`) that has a .ts file and
 * no .js file beside it.
 */
function isTypeScript(m: string): boolean {
  if (/\.ts$/.test(m)) return true;
  if (/\.[cm]?js$/.test(m)) return false;
  return !fs.existsSync(`${m}.js`) && fs.existsSync(`${m}.ts`);
}

/**
 * The modules an array task should require, given the driver's own task module `entry` and the
 * compute-function modules the task loads. JavaScript is used as is; TypeScript sources of this
 * package are mapped to their dist/ JavaScript when dist/ is current (see the file comment).
 */
export function taskModules(entry: string, modules: string[], env: NodeJS.ProcessEnv = process.env): TaskModules {
  const all = [entry, ...modules];
  if (!all.some(isTypeScript)) return { entry, modules, via: "js" };
  const tsNode = (why: string): TaskModules => ({ entry, modules, via: "ts-node", why });
  if (env.SPYTS_SLURM_TASKS === "ts-node") return tsNode("SPYTS_SLURM_TASKS=ts-node");
  const root = packageRoot(path.dirname(entry));
  if (!root) return tsNode("the spyts package folder was not found");
  const src = path.join(root, "src") + path.sep;
  const outside = all.find((m) => isTypeScript(m) && !m.startsWith(src));
  if (outside) return tsNode(`${outside} is not part of spyts's sources (no dist/ build of it)`);
  const status = distStatus(root);
  if (!status.current) return tsNode(`dist/ is not current: ${status.why}`);
  const toDist = (m: string) => isTypeScript(m)
    ? path.join(root, "dist", path.relative(path.join(root, "src"), m)).replace(/(\.ts)?$/, ".js")
    : m;
  return { entry: toDist(entry), modules: modules.map(toDist), via: "dist" };
}
