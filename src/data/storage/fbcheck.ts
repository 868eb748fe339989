/**
 * Bounds checks of the flatbuffers in an Arrow file (its footer, its record batch messages) before
 * apache-arrow decodes them. Why: the decoders trust every vector length they meet and loop over
 * it, so one flipped byte (a length of 573 million key-value pairs, found by the container fuzz
 * test) hangs `open` and grows memory. Here every vector the decoders walk must lie inside the
 * buffer, tables and vtables too, nested fields at most 64 deep. Returns an error text or null.
 *
 * Layout (https://flatbuffers.dev/internals/): a table at t starts with an int32 offset back to its
 * vtable (uint16 vtable size, uint16 table size, uint16 field offsets); a reference field holds a
 * uint32 offset relative to its own position; a vector is a uint32 length then its elements.
 */

const MAX_DEPTH = 64;

class FlatView {
  private readonly dv: DataView;
  constructor(readonly buf: Uint8Array) {
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(at: number, bytes: number, what: string): void {
    if (!(at >= 0 && at + bytes <= this.buf.byteLength)) throw new Error(`${what} at ${at} (+${bytes} bytes) lies outside the ${this.buf.byteLength}-byte flatbuffer`);
  }

  /** The table a uint32 offset at `at` points to (the root: at = 0). */
  table(at: number, what: string): number {
    this.need(at, 4, what);
    const t = at + this.dv.getUint32(at, true);
    this.need(t, 4, what);
    const vt = t - this.dv.getInt32(t, true);
    this.need(vt, 4, `${what} vtable`);
    const vtLen = this.dv.getUint16(vt, true);
    if (vtLen < 4 || vtLen % 2 !== 0) throw new Error(`${what} has a vtable of ${vtLen} bytes`);
    this.need(vt, vtLen, `${what} vtable`);
    return t;
  }

  /** Position of field `i` of table `t`, or 0 when absent. */
  field(t: number, i: number): number {
    const vt = t - this.dv.getInt32(t, true);
    const vtLen = this.dv.getUint16(vt, true);
    if (4 + 2 * i >= vtLen) return 0;
    const off = this.dv.getUint16(vt + 4 + 2 * i, true);
    return off === 0 ? 0 : t + off;
  }

  /** A vector field of table `t`: its length and first element, checked to fit; null when absent. */
  vector(t: number, i: number, elemBytes: number, what: string): { n: number; at: number } | null {
    const p = this.field(t, i);
    if (p === 0) return null;
    this.need(p, 4, what);
    const v = p + this.dv.getUint32(p, true);
    this.need(v, 4, what);
    const n = this.dv.getUint32(v, true);
    this.need(v + 4, n * elemBytes, `${what} (${n} elements)`);
    return { n, at: v + 4 };
  }

  /** Each table of a vector of tables. */
  tables(t: number, i: number, what: string, visit: (table: number) => void): void {
    const v = this.vector(t, i, 4, what);
    if (v) for (let j = 0; j < v.n; j++) visit(this.table(v.at + 4 * j, `${what}[${j}]`));
  }

  u8(t: number, i: number): number {
    const p = this.field(t, i);
    if (p === 0) return 0;
    this.need(p, 1, "a field");
    return this.buf[p];
  }
}

function keyValues(f: FlatView, t: number, i: number, what: string): void {
  f.tables(t, i, what, (kv) => {
    f.vector(kv, 0, 1, `${what} key`);
    f.vector(kv, 1, 1, `${what} value`);
  });
}

/** MessageHeader.RecordBatch. */
const HEADER_RECORD_BATCH = 3;

/** Union type id in Arrow's Type union. */
const TYPE_UNION = 14;

function field(f: FlatView, t: number, depth: number): void {
  if (depth > MAX_DEPTH) throw new Error(`fields nested deeper than ${MAX_DEPTH}`);
  f.vector(t, 0, 1, "field name");
  if (f.field(t, 3) !== 0) {
    const type = f.table(f.field(t, 3), "field type");
    if (f.u8(t, 2) === TYPE_UNION) f.vector(type, 1, 4, "union type ids");
  }
  if (f.field(t, 4) !== 0) {
    const dict = f.table(f.field(t, 4), "dictionary encoding");
    if (f.field(dict, 1) !== 0) f.table(f.field(dict, 1), "dictionary index type");
  }
  f.tables(t, 5, "field children", (c) => field(f, c, depth + 1));
  keyValues(f, t, 6, "field metadata");
}

/** Check an Arrow file footer (Footer table) before `Footer.decode`. */
export function checkFooterFlatbuffer(buf: Uint8Array): string | null {
  try {
    const f = new FlatView(buf);
    const footer = f.table(0, "footer");
    if (f.field(footer, 1) !== 0) {
      const schema = f.table(f.field(footer, 1), "schema");
      f.tables(schema, 1, "schema fields", (t) => field(f, t, 0));
      keyValues(f, schema, 2, "schema metadata");
      f.vector(schema, 3, 8, "schema features");
    }
    f.vector(footer, 2, 24, "dictionary blocks");
    f.vector(footer, 3, 24, "record batch blocks");
    keyValues(f, footer, 4, "footer metadata");
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Check a record batch Message flatbuffer before `Message.decode`. */
export function checkMessageFlatbuffer(buf: Uint8Array): string | null {
  try {
    const f = new FlatView(buf);
    const msg = f.table(0, "message");
    if (f.u8(msg, 1) === HEADER_RECORD_BATCH && f.field(msg, 2) !== 0) {
      const header = f.table(f.field(msg, 2), "message header");
      f.vector(header, 1, 16, "field nodes");
      f.vector(header, 2, 16, "buffers");
      if (f.field(header, 3) !== 0) f.table(f.field(header, 3), "compression");
      f.vector(header, 4, 8, "variadic buffer counts");
    }
    keyValues(f, msg, 4, "message metadata");
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
