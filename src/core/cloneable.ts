/**
 * What a worker can receive: keyword arguments cross to worker threads by structured clone, which
 * throws on a function or a symbol (DataCloneError, after the pool has marked the kwargs as sent,
 * so the worker later said "internal: kwargs 'batch-1' were never sent to this worker") and
 * silently turns a class instance into a plain object without its methods. Checking first names
 * the keyword instead, before any task is queued.
 */
import { SPYTypeError } from "./errors";
import { isArrayBuffer, isSharedBuffer } from "./bufferKinds";

const ALLOWED = "a value a worker can receive: numbers, strings, booleans, null, arrays, typed arrays and plain objects of them (no functions, symbols or class instances)";

/** Built-ins that structured clone copies faithfully. */
function isCloneableBuiltin(v: object): boolean {
  // buffers by their tag: kwargs may come from another realm (a vm context, jest's sandbox)
  return ArrayBuffer.isView(v) || isArrayBuffer(v) || isSharedBuffer(v)
    || v instanceof Date || v instanceof RegExp;
}

/**
 * Throw a SPYTypeError naming the path (`kwargs.filter.design`, `kwargs.list[2]`) of the first value
 * inside `value` that a worker cannot receive as it is. Iterative (no recursion limit); a cycle
 * is visited once (structured clone keeps cycles).
 */
export function checkCloneable(value: unknown, param: string): void {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: param }];
  const seen = new Set<object>();
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === "function" || typeof v === "symbol") throw new SPYTypeError(path, v, ALLOWED);
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    if (isCloneableBuiltin(v)) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x === "object" || typeof x === "function" || typeof x === "symbol") stack.push({ v: x, path: `${path}[${i}]` });
      }
      continue;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) stack.push({ v: k, path: `${path}<key>` }, { v: x, path: `${path}.get(${String(k)})` });
      continue;
    }
    if (v instanceof Set) {
      for (const x of v) stack.push({ v: x, path: `${path}<item>` });
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new SPYTypeError(path, v, ALLOWED);
    for (const k of Object.keys(v)) stack.push({ v: (v as Record<string, unknown>)[k], path: `${path}.${k}` });
    for (const s of Object.getOwnPropertySymbols(v)) {
      if (Object.prototype.propertyIsEnumerable.call(v, s)) throw new SPYTypeError(`${path}[${String(s)}]`, v, ALLOWED);
    }
  }
}
