/**
 * Only regular files are opened (issue 21, "Hangs and unbounded memory"): a container sidecar, a
 * container data file, a YAML sidecar, a SpikeGLX .meta or a raw recording that is a FIFO, a
 * folder, a symlink to /dev/zero or /dev/urandom, or a socket is an SPYIOError naming the file and
 * what it is, at once (each probe runs in a child killed after 10 s; the answer must come within 3 s
 * and without growing memory), and metadata files are read with a cap of 16 MiB.
 *
 * On main before this change the FIFO sidecars hang (the child is killed) and the /dev/zero
 * sidecars grow memory until killed.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { save } from "../../src/data/io";
import { writeSidecar } from "../../src/batch/sidecar";
import { bundleChild, runBundled } from "./bundle";
import { MAX_METADATA_BYTES } from "../../src/data/storage";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-fsafe-"));
const probe = path.join(root, "probe.js");
const servers: net.Server[] = [];
beforeAll(() => bundleChild("probeChild.ts", probe));
afterAll(() => {
  for (const s of servers) s.close();
  fs.rmSync(root, { recursive: true, force: true });
});

type Kind = "fifo" | "directory" | "/dev/zero" | "/dev/urandom" | "socket";
const KINDS: Kind[] = ["fifo", "directory", "/dev/zero", "/dev/urandom", "socket"];
const SAYS: Record<Kind, RegExp> = {
  fifo: /is a FIFO \(named pipe\)/,
  directory: /is a directory/,
  "/dev/zero": /is a character device \(it resolves to \/dev\/zero\)/,
  "/dev/urandom": /is a character device \(it resolves to \/dev\/urandom\)/,
  socket: /is a socket/,
};

/** Replace `p` by a file of the given kind. */
async function makeKind(p: string, kind: Kind): Promise<void> {
  fs.rmSync(p, { recursive: true, force: true });
  if (kind === "fifo") execFileSync("mkfifo", [p]);
  else if (kind === "directory") fs.mkdirSync(p);
  else if (kind === "socket") {
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(p, resolve));
  } else fs.symlinkSync(kind, p);
}

async function expectRefused(op: string, target: string, file: string, kind: Kind | RegExp): Promise<void> {
  const r = await runBundled(probe, [op, target], 10_000);
  expect(r.signal).toBeNull(); // not killed: it answered
  const out = JSON.parse(r.stdout.trim());
  expect(out.name).toBe("SPYIOError");
  expect(out.message).toContain(file);
  expect(out.message).toMatch(kind instanceof RegExp ? kind : SAYS[kind]);
  expect(r.ms).toBeLessThan(3000);
  expect(out.grew).toBeLessThan(64 * 1024 * 1024);
}

let n = 0;
async function container(): Promise<string> {
  const obj = new spy.AnalogData({ data: [{ data: Float32Array.from({ length: 20 }, (_, i) => i), shape: [10, 2], dtype: "float32" }], samplerate: 100 });
  return save(obj, path.join(root, `c${n++}.spy`));
}

function recording(): string {
  const dir = fs.mkdtempSync(path.join(root, "rec-"));
  const bin = path.join(dir, "rec.bin");
  fs.writeFileSync(bin, Buffer.from(Int16Array.from({ length: 40 }, (_, i) => i).buffer));
  writeSidecar(bin, { dtype: "int16", n_channels: 2, data_order: "samples", samplerate: 1000 });
  return bin;
}

describe.each(KINDS)("a %s where a regular file belongs", (kind) => {
  test("container sidecar (.info): load names it at once", async () => {
    const dir = await container();
    const info = path.join(dir, `${path.basename(dir, ".spy")}.analog.info`);
    await makeKind(info, kind);
    await expectRefused("load", dir, info, kind);
  }, 30_000);

  test("container data file: load names it at once", async () => {
    const dir = await container();
    const file = path.join(dir, `${path.basename(dir, ".spy")}.analog`);
    await makeKind(file, kind);
    await expectRefused("load", dir, file, kind);
  }, 30_000);

  test("YAML sidecar of a raw recording: RecordingsReader names it at once", async () => {
    const bin = recording();
    const yaml = bin.replace(/\.bin$/, ".yaml");
    await makeKind(yaml, kind);
    await expectRefused("reader", bin, yaml, kind);
  }, 30_000);

  test("the raw recording itself: RecordingsReader (explicit parameters) names it at once", async () => {
    const bin = recording();
    await makeKind(bin, kind);
    await expectRefused("readerParams", bin, bin, kind);
  }, 30_000);

  test("a SpikeGLX .meta: load_raw names it at once", async () => {
    const bin = recording();
    const meta = bin.replace(/\.bin$/, ".meta");
    await makeKind(meta, kind);
    await expectRefused("loadRaw", bin, meta, kind);
  }, 30_000);
});

test(`metadata files are read with a cap of ${MAX_METADATA_BYTES} bytes (16 MiB)`, async () => {
  const dir = await container();
  const info = path.join(dir, `${path.basename(dir, ".spy")}.analog.info`);
  fs.writeFileSync(info, Buffer.alloc(MAX_METADATA_BYTES + 1, 0x20));
  await expectRefused("load", dir, info, /is 16777217 bytes, more than the 16777216 bytes a metadata file may have/);
  const bin = recording();
  const yaml = bin.replace(/\.bin$/, ".yaml");
  fs.writeFileSync(yaml, Buffer.alloc(MAX_METADATA_BYTES + 1, 0x20));
  await expectRefused("reader", bin, yaml, /more than the 16777216 bytes/);
}, 30_000);
