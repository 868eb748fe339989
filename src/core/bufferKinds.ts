/**
 * Buffer kinds recognised from any realm: `instanceof` compares against this realm's constructor,
 * and a buffer made elsewhere fails it. Buffers that come back from a worker are made by the
 * receiving side's deserializer, which under jest's test sandbox is not the sandbox's
 * SharedArrayBuffer; kwargs may be built in a notebook's or a vm context's realm.
 */

/** Whether `b` is a SharedArrayBuffer, from any realm. */
export function isSharedBuffer(b: unknown): b is SharedArrayBuffer {
  return Object.prototype.toString.call(b) === "[object SharedArrayBuffer]";
}

/** Whether `b` is an ArrayBuffer (not shared), from any realm. */
export function isArrayBuffer(b: unknown): b is ArrayBuffer {
  return Object.prototype.toString.call(b) === "[object ArrayBuffer]";
}
