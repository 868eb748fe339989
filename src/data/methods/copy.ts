/**
 * spy.copy (Syncopy's `syncopy/datatype/methods/copy.py`): a full copy of a data object in a new
 * storage file. Changing, overwriting or removing the original's file leaves the copy intact, and
 * the reverse.
 */
import * as fs from "fs";
import { SPYTypeError, SPYValueError } from "../../core/errors";
import { warn } from "../../core/warnings";
import { BaseData, installDataMethod } from "../base";
import { TrialStore } from "../trialstore";
import { checkStorage, newTempFile, release } from "../storage";
import { propagateProperties } from "../propagate";

/** A new temporary file with the bytes of `source`, opened as a store (written beside, then renamed). */
function copyStoreFile(source: TrialStore, ext: string): TrialStore {
  const target = newTempFile(ext);
  const partial = `${target}.partial`;
  try {
    fs.copyFileSync(source.path, partial, fs.constants.COPYFILE_EXCL);
    fs.renameSync(partial, target);
  } catch (e) {
    release(target);
    throw e;
  }
  const over = checkStorage();
  if (over) warn(over);
  return TrialStore.open(target, true);
}

/**
 * A full copy of `data` (any data class) in a new temporary storage file: its trials, labels and
 * axes, trialdefinition, samplerate, cfg, log, info, metadata and extra datasets, all equal to the
 * original's, and no new cfg or log entry (as Syncopy's copy). An object backed by one Arrow file
 * is copied byte for byte; trials that are views (after `definetrial`) or come from a raw
 * recording are streamed trial by trial into the new file, keeping the trials as they read (the
 * samples between trials are not copied, as `save` does). Also `data.copy()`.
 *
 * To copy part of an object, use `spy.selectdata`. Synchronous.
 */
export function copy<T extends BaseData>(data: T): T {
  if (!(data instanceof BaseData)) throw new SPYTypeError("data", data, "a spyts data object");
  const backing = data.storage;
  if (!backing) throw new SPYValueError("data", `an empty ${data.className}`, "a data object with data");
  const trials = data.storeOfTrials();
  const store = trials.path === backing.path ? copyStoreFile(trials, data.fileExtension) : trials;
  const out = propagateProperties(data, store, {
    name: "copy", trialdefinition: data.trialdefinition, cfgEntry: null, log: "",
    info: data.info, metadata: structuredClone(data.metadata),
  });
  for (const name of data.datasetNames()) out.setDataset(name, data.dataset(name)!);
  return out;
}

installDataMethod("copy", (self) => copy(self));
