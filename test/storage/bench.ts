/**
 * Storage benchmark (not a jest test). Run from the project root:
 *   node -r ts-node/register/transpile-only test/storage/bench.ts [MB=400] [reps=5]
 * Prints median / best / worst of `reps` runs for: write rate (float32, FixedSizeList and List),
 * the same payload through apache-arrow's tableToIPC + writeFileSync, open time of a 10 000-trial file,
 * and per-trial read time (in order and at random).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Field, FixedSizeList, Float32, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from "apache-arrow";
import { TrialFileWriter } from "../../src/data/storage/writer";
import { TrialFileReader } from "../../src/data/storage/reader";

const MB = Number(process.argv[2] ?? 400);
const REPS = Number(process.argv[3] ?? 5);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-bench-"));
const now = () => Number(process.hrtime.bigint()) / 1e6;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], best: s[s.length - 1], worst: s[0] };
};
const fmt = (o: { median: number; best: number; worst: number }, unit: string, digits = 0) =>
  `median ${o.median.toFixed(digits)} ${unit} (range ${o.worst.toFixed(digits)}–${o.best.toFixed(digits)})`;
/** For times (lower is better): median and min–max. */
const fmtTime = (xs: number[], unit: string, digits: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(digits)} ${unit} (range ${s[0].toFixed(digits)}–${s[s.length - 1].toFixed(digits)})`;
};

const nch = 128;
const len = 2000; // 1 MB per trial
const nTrials = Math.round((MB * 1e6) / (len * nch * 4));
const trial = new Float32Array(len * nch);
for (let i = 0; i < trial.length; i++) trial[i] = Math.sin(i);

function writeOurs(fixed: boolean): number {
  const file = path.join(dir, "w.arrow");
  const t0 = now();
  const w = new TrialFileWriter(file, { dtype: "float32", tailShape: [nch], trialLength: fixed ? len : undefined });
  for (let k = 0; k < nTrials; k++) {
    trial[0] = k;
    w.append({ data: trial, shape: [len, nch], dtype: "float32" });
  }
  const { bytes } = w.close();
  const ms = now() - t0;
  fs.rmSync(file);
  return bytes / 1e6 / (ms / 1000);
}

function writeTableToIPC(): number {
  // the whole table in memory first (what PERFORMANCE.md measured), 8 trials per batch
  const file = path.join(dir, "t.arrow");
  const t0 = now();
  const item = new Field("item", new Float32(), false);
  const type = new FixedSizeList(len * nch, item);
  const schema = new Schema([new Field("trial", type, false)]);
  const batches: RecordBatch[] = [];
  const per = 8;
  for (let k = 0; k < nTrials; k += per) {
    const n = Math.min(per, nTrials - k);
    const values = new Float32Array(n * len * nch);
    for (let j = 0; j < n; j++) values.set(trial, j * len * nch);
    const child = makeData({ type: new Float32(), length: values.length, data: values });
    const list = makeData({ type, length: n, child });
    batches.push(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, children: [list] })));
  }
  const bytes = tableToIPC(new Table(batches), "file");
  fs.writeFileSync(file, bytes);
  const ms = now() - t0;
  fs.rmSync(file);
  return bytes.byteLength / 1e6 / (ms / 1000);
}

function main(): void {
  console.log(`payload ${MB} MB float32 (${nTrials} trials of ${len} x ${nch}), ${REPS} reps, ${os.cpus().length} cpus`);
  writeOurs(true); // warm-up (JIT, first-touch of fresh pages)
  const fixed: number[] = [], list: number[] = [], ipc: number[] = [];
  for (let r = 0; r < REPS; r++) {
    fixed.push(writeOurs(true));
    list.push(writeOurs(false));
    ipc.push(writeTableToIPC());
  }
  console.log(`TrialFileWriter FixedSizeList: ${fmt(stats(fixed), "MB/s")}`);
  console.log(`TrialFileWriter List:          ${fmt(stats(list), "MB/s")}`);
  console.log(`tableToIPC + writeFileSync:    ${fmt(stats(ipc), "MB/s")}`);

  // 10 000 trials of 16 channels x 50..99 samples (variable -> List), 8 MiB batches
  const file = path.join(dir, "10k.arrow");
  const w = new TrialFileWriter(file, { dtype: "float32", tailShape: [16] });
  const buf = new Float32Array(100 * 16);
  for (let k = 0; k < 10_000; k++) {
    const n = 50 + (k % 50);
    buf[0] = k;
    w.append({ data: buf.subarray(0, n * 16), shape: [n, 16], dtype: "float32" });
  }
  w.close();
  const opens: number[] = [], seq: number[] = [], rnd: number[] = [], cold: number[] = [];
  for (let r = 0; r < REPS; r++) {
    let t0 = now();
    const rd = TrialFileReader.open(file);
    opens.push(now() - t0);
    t0 = now();
    const k0 = Math.floor(Math.random() * rd.nTrials);
    rd.readTrial(k0);
    cold.push((now() - t0) * 1000);
    t0 = now();
    let s = 0;
    for (let k = 0; k < rd.nTrials; k++) s += rd.readTrial(k).data[0];
    seq.push(((now() - t0) * 1000) / rd.nTrials);
    if (s !== (10_000 * 9_999) / 2) throw new Error("wrong sum");
    rd.close();
    const rr = TrialFileReader.open(file);
    t0 = now();
    for (let i = 0; i < 200; i++) rr.readTrial(Math.floor(Math.random() * rr.nTrials));
    rnd.push(((now() - t0) * 1000) / 200);
    rr.close();
  }
  const probe = TrialFileReader.open(file);
  console.log(`10 000-trial file: ${(fs.statSync(file).size / 1e6).toFixed(1)} MB, ${probe.nBatches} batches, open reads ${probe.bytesRead} bytes`);
  probe.close();
  console.log(`open:                        ${fmtTime(opens, "ms", 2)}`);
  console.log(`first readTrial after open:  ${fmtTime(cold, "us", 0)}`);
  console.log(`readTrial in order:          ${fmtTime(seq, "us/trial", 2)}`);
  console.log(`readTrial at random:         ${fmtTime(rnd, "us/trial", 0)}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
