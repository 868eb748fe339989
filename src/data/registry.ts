/**
 * The data classes by name. Each class file registers its class here when it loads
 * (`registerDataClass("AnalogData", AnalogData)` at the bottom of data/analog.ts), so that code which
 * must make an object of a class it knows only by name (spy.load reading a container, a metafunction
 * whose result has the class of its input) looks it up here instead of importing every class.
 *
 * This file imports no data class (only BaseData's type): it sits under the classes and under io.ts.
 */
import type { BaseData } from "./base";

/** A data class: its constructor makes an empty object (no trials, default axes). */
export type DataClass<T extends BaseData = BaseData> = new () => T;

const CLASSES = new Map<string, DataClass>();

/** Called once per class, by the file that defines it. */
export function registerDataClass(name: string, cls: DataClass): void {
  const known = CLASSES.get(name);
  if (known && known !== cls) throw new Error(`registerDataClass: a different class is already registered as '${name}'`);
  CLASSES.set(name, cls);
}

/** The class registered under `name`, or undefined. */
export function dataClassByName(name: string): DataClass | undefined {
  return CLASSES.get(name);
}

/** The registered class of an object (what `new` makes an empty object of the same class). */
export function dataClassOf<T extends BaseData>(obj: T): DataClass<T> {
  const cls = CLASSES.get(obj.className);
  if (!cls) throw new Error(`dataClassOf: '${obj.className}' is not a registered data class (registerDataClass)`);
  return cls as DataClass<T>;
}

/** Names of the registered classes, in registration order. */
export function dataClassNames(): string[] {
  return [...CLASSES.keys()];
}
