/**
 * `spy.cleanup()`: the temporary storage folder (./tempStorage.ts), plus what crashed writes left
 * beside the paths they wrote (./leftovers.ts journal): containers moved aside by a save killed
 * mid-swap are put back, then `<x>.spy.tmp-<pid>-*` / `<x>.spy.old-<pid>-*` folders, batch
 * `<out>.partial` files and `<out>.yaml.tmp-<pid>` sidecars of writers that are gone are removed.
 * Only names the library gives, only at paths the journal lists, only when their writer is gone.
 */
import { CONTAINER_EXT, recoverContainer } from "./container";
import { pidAlive, readJournals, removeLeftoverFile } from "./leftovers";
import { CleanupOptions, CleanupResult, cleanup as cleanupStorage } from "./tempStorage";
import * as fs from "fs";

/**
 * Remove stale spyts files: temporary files of sessions that ended (older than `olderThanHours`,
 * default 24; with `onlyCurrentSession`, this process's own), and the leftovers of crashed saves and
 * batch runs at the paths they wrote (whatever their age: they are never data, and a container
 * moved aside is first put back). Returns the removed paths and the bytes freed.
 */
export function cleanup(options: CleanupOptions = {}): CleanupResult {
  const result = cleanupStorage(options); // checks the options
  const onlyCurrent = options.onlyCurrentSession === true;
  for (const journal of readJournals()) {
    if (onlyCurrent && !journal.own) continue;
    let keep = false;
    for (const e of journal.entries) {
      if (!journal.own && pidAlive(e.pid)) {
        keep = true; // a session still running: its paths are its own business
        continue;
      }
      if (e.target.endsWith(CONTAINER_EXT)) {
        const r = recoverContainer(e.target);
        result.removed.push(...r.removed);
        result.freedBytes += r.freedBytes;
      }
      for (const f of e.files) {
        const bytes = removeLeftoverFile(f, e.pid, e.target);
        if (bytes >= 0) {
          result.removed.push(f);
          result.freedBytes += bytes;
        } else if (fs.existsSync(f)) {
          keep = true; // not stale yet (a .partial touched within the minute): look again next time
        }
      }
    }
    if (!journal.own && !keep) {
      try { fs.rmSync(journal.file, { force: true }); } catch { /* next time */ }
    }
  }
  return result;
}
