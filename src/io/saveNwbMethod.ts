/**
 * `data.save_nwb(filename, options)`: spy.save_nwb as a method of the data objects, the way
 * `data.add(x)` is spy.add as a method.
 *
 * data/base.ts (floor 5) cannot import io/ (floor 14), so the method is installed on the data
 * classes from here, when io/ loads (src/index.ts loads it with spy.save_nwb). It sits on
 * `BaseData.prototype`, so every data object has it: a class NWB has no place for (SpectralData,
 * CrossSpectralData, EventData) gets spy.save_nwb's SPYTypeError naming the class, not "is not a
 * function". TypeScript declares it only on the classes it writes (AnalogData, TimeLockData,
 * SpikeData, through the declaration merging below), so `spec.save_nwb(...)` is already a compile
 * error in a typed notebook.
 *
 * Syncopy has the same method on the same three classes (`data.save_nwb(outpath, nwbfile=None,
 * with_trialdefinition=True, is_raw=True)`; EventData raises NotImplementedError). Its keywords
 * are accepted, also in one object as Syncopy's keyword call (`data.save_nwb({ outpath, is_raw:
 * false })`), next to spy.save_nwb's own (`overwrite`, `name`, `session_description`).
 * Differences: it resolves to the file's path (Syncopy returns the pynwb NWBFile for AnalogData,
 * None otherwise), and `nwbfile` is that path, the file to add to.
 */
import { SPYTypeError } from "../core/errors";
import { BaseData } from "../data/base";
import { save_nwb, SaveNwbOptions } from "./nwbWrite";

export { save_nwb } from "./nwbWrite";

declare module "../data/analog" {
  interface AnalogData {
    /**
     * Write this object as an NWB file (an ElectricalSeries, its electrodes table and
     * `intervals/trials`): `spy.save_nwb(this, filename, options)`. Resolves to the file's
     * absolute path. Options: `overwrite` (default false), `name` (default "ElectricalSeries"),
     * `session_description`.
     */
    save_nwb(filename: string, options?: SaveNwbOptions): Promise<string>;
    /** Syncopy's keyword form: `save_nwb({ outpath, with_trialdefinition, is_raw, nwbfile, ... })`. */
    save_nwb(options: SaveNwbOptions & { outpath: string }): Promise<string>;
  }
}

declare module "../data/timelock" {
  interface TimeLockData {
    /**
     * Write this object as an NWB file (an ElectricalSeries of its trials, its electrodes table
     * and `intervals/trials`): `spy.save_nwb(this, filename, options)`. Resolves to the file's
     * absolute path.
     */
    save_nwb(filename: string, options?: SaveNwbOptions): Promise<string>;
    /** Syncopy's keyword form: `save_nwb({ outpath, with_trialdefinition, is_raw, nwbfile, ... })`. */
    save_nwb(options: SaveNwbOptions & { outpath: string }): Promise<string>;
  }
}

declare module "../data/spike" {
  interface SpikeData {
    /**
     * Write this object as an NWB file (a `units` table with the spike times of every unit, and
     * `intervals/trials`): `spy.save_nwb(this, filename, options)`. Resolves to the file's
     * absolute path.
     */
    save_nwb(filename: string, options?: SaveNwbOptions): Promise<string>;
    /** Syncopy's keyword form: `save_nwb({ outpath, with_trialdefinition, is_raw, nwbfile, ... })`. */
    save_nwb(options: SaveNwbOptions & { outpath: string }): Promise<string>;
  }
}

/** The method every data object gets: spy.save_nwb with the object as `data`. */
function saveNwbMethod(this: BaseData, filename: string | (SaveNwbOptions & { outpath: string }), options?: SaveNwbOptions): Promise<string> {
  if (filename !== null && typeof filename === "object" && !Array.isArray(filename) && options === undefined) {
    // Syncopy's keyword call: data.save_nwb(outpath=..., is_raw=...)
    const { outpath, ...rest } = filename;
    if (typeof outpath !== "string") return Promise.reject(new SPYTypeError("outpath", outpath, "the path of the NWB file to write (Syncopy's keyword call: save_nwb({ outpath, ... }))"));
    return save_nwb(this, outpath, rest);
  }
  return save_nwb(this, filename as string, options);
}

// like a class method: not enumerable (Object.keys(data) and spread copies do not see it)
Object.defineProperty(BaseData.prototype, "save_nwb", { value: saveNwbMethod, writable: true, configurable: true, enumerable: false });
