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

// ---- spikes and events: loaders of containers that are not trial files ----------------------

/**
 * A loader of a `.spy` container layout other than trial files (SpikeData/EventData tables,
 * data/discreteio.ts): returns the object, or null when the container is not of its layout.
 * spy.load (data/io.ts) asks the registered loaders before reading trial files.
 */
export type ContainerLoader = (dir: string, file: string | null, opts: { checksum?: boolean }) => Promise<BaseData> | null;

const LOADERS: ContainerLoader[] = [];

/** Called once by the module that reads a container layout (data/discreteio.ts). */
export function registerContainerLoader(loader: ContainerLoader): void {
  if (!LOADERS.includes(loader)) LOADERS.push(loader);
}

/** The registered container loaders, in registration order. */
export function containerLoaders(): ContainerLoader[] {
  return [...LOADERS];
}

/**
 * A reader of containers another program wrote (Syncopy's HDF5 containers, io/syncopyContainer.ts):
 * given spy.load's filename and options, the object when the file is its format, else null.
 * Registered by modules above data/ (which data/io.ts may not import).
 */
export type ForeignLoader = (filename: string, options: Record<string, unknown>) => Promise<BaseData> | null;

const FOREIGN: ForeignLoader[] = [];

export function registerForeignLoader(loader: ForeignLoader): void {
  if (!FOREIGN.includes(loader)) FOREIGN.push(loader);
}

/** The registered foreign-format loaders, tried first by spy.load. */
export function foreignLoaders(): ForeignLoader[] {
  return [...FOREIGN];
}
