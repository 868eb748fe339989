/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  rootDir: ".",
  testTimeout: 60000,
  globalSetup: "<rootDir>/test/globalSetup.js",
  globalTeardown: "<rootDir>/test/globalTeardown.js",
  // Worker tests spawn .ts workers through ts-node; keep jest itself to one
  // process per core so the machine's two cores are not oversubscribed.
  maxWorkers: 2,
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: { warnOnly: false } }] },
};
