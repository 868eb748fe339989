/**
 * Child of crash.test.ts: runs one save or one batch disk run and SIGKILLs itself just before its
 * k-th file-system call that changes something (open, write, fsync, close, rename, mkdir, rm,
 * unlink, truncate, ...). Reads are not counted: killing at a read leaves the same files as
 * killing at the next changing call. With k = 0 it runs to the end and prints the number of
 * counted calls, so the parent knows N.
 *
 *   node -r ts-node/register/transpile-only crashChild.ts <save-first|save-over|batch> <dir> <k>
 */
import * as path from "path";
import { AnalogData } from "../../src/data/analog";
import { save } from "../../src/data/io";
import { BatchProcessor } from "../../src/batch/processor";
import { crashData } from "./crashData";

const [mode, dir, kText] = process.argv.slice(2);
const killAt = Number(kText);
let calls = 0;

const MUTATING = [
  "openSync", "writeSync", "fsyncSync", "fdatasyncSync", "closeSync", "renameSync", "mkdirSync", "rmSync", "unlinkSync",
  "ftruncateSync", "truncateSync", "writeFileSync", "appendFileSync", "copyFileSync", "rmdirSync", "symlinkSync", "linkSync",
  "open", "write", "fsync", "fdatasync", "close", "rename", "mkdir", "rm", "unlink", "ftruncate", "writeFile", "appendFile",
] as const;

/** Count every changing fs call from now on; die at call `killAt`. */
function arm(): void {
  // the module object itself (an `import * as` copy has getters only): the library sees the wrappers
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("fs") as Record<string, unknown>;
  for (const name of MUTATING) {
    const real = mod[name];
    if (typeof real !== "function") continue;
    mod[name] = function (this: unknown, ...args: unknown[]) {
      calls++;
      if (calls === killAt) process.kill(process.pid, "SIGKILL");
      return (real as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
}

async function main(): Promise<void> {
  if (mode === "save-first" || mode === "save-over") {
    const obj = new AnalogData({ data: crashData("new").trials, samplerate: crashData("new").samplerate });
    obj.setDataset("extra", crashData("new").extra);
    arm();
    await save(obj, path.join(dir, "x.spy"), { overwrite: mode === "save-over" });
  } else if (mode === "batch") {
    const bp = new BatchProcessor(path.join(dir, "rec.bin"), { max_memory: "4KB", show_progress_bar: false });
    arm();
    await bp.multi_channel_apply((b) => {
      const out = new Float32Array(b.data.length);
      for (let i = 0; i < out.length; i++) out[i] = 0.5 * (b.data[i] as number);
      return { data: out, shape: b.shape, dtype: "float32" };
    }, { mode: "disk", output_path: path.join(dir, "out.dat") });
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  process.stdout.write(JSON.stringify({ calls }) + "\n");
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(3);
});
