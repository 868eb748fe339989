const fs = require("fs");
module.exports = async () => {
  const dir = process.env.SPYTS_JEST_TMP;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
