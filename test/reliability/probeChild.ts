/**
 * Child of fileSafety.test.ts: one read of a file that may be a FIFO, a device, a folder or a
 * socket; prints the error's class and message (or "ok") and the RSS growth as JSON.
 *
 *   node probeChild.js <load|reader|readerParams|loadRaw> <path>
 */
import { load } from "../../src/data/io";
import { RecordingsReader } from "../../src/batch/reader";
import { load_raw } from "../../src/batch/loadRaw";

const [op, target] = process.argv.slice(2);
const rss0 = process.memoryUsage().rss;

async function main(): Promise<void> {
  if (op === "load") await load(target);
  else if (op === "reader") new RecordingsReader(target);
  else if (op === "readerParams") new RecordingsReader(target, { dtype: "int16", n_channels: 2, data_order: "samples" }).get();
  else if (op === "loadRaw") load_raw(target);
  else throw new Error(`unknown op ${op}`);
}

main().then(
  () => process.stdout.write(JSON.stringify({ name: "ok", message: "", grew: process.memoryUsage().rss - rss0 }) + "\n"),
  (e) => process.stdout.write(JSON.stringify({ name: e?.constructor?.name ?? typeof e, message: String(e?.message ?? e), grew: process.memoryUsage().rss - rss0 }) + "\n"),
);
