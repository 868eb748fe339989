// Every jest run gets its own temp storage folder (jest's sandboxed `process` never emits
// 'exit', so the per-process cleanup cannot run there); globalTeardown removes it.
const fs = require("fs");
const os = require("os");
const path = require("path");
module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-jest-"));
  process.env.SPYTMPDIR = dir;
  process.env.SPYTS_JEST_TMP = dir;
};
