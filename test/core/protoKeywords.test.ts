/**
 * Keywords named like Object.prototype's members are unknown keywords, and a `__proto__` key from
 * JSON is an error that never takes effect (issue 21): keyword handling asks own properties only
 * (src/core/keywords.ts hasOwn, rejectProtoKeys; src/cfg/unwrap.ts).
 */
import * as spy from "../../src";
import { SPYError, SPYValueError } from "../../src";
import { errorOf } from "../helpers/errorOf";

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype); // constructor, toString, valueOf, hasOwnProperty, __proto__, ...

let data: spy.AnalogData;
beforeAll(() => {
  data = spy.synthdata.white_noise({ nTrials: 2, nSamples: 100, nChannels: 2, samplerate: 1000, seed: 1 }) as spy.AnalogData;
});

describe("Object.prototype names as keywords are unknown keywords", () => {
  test("the list covers the names users hit", () => {
    expect(PROTO_NAMES).toEqual(expect.arrayContaining(["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf"]));
  });

  test.each(PROTO_NAMES)("freqanalysis(data, { %s: 1 }) and as a cfg", async (name) => {
    // a computed key makes an own property, also for "__proto__" (as JSON.parse does)
    for (const call of [() => spy.freqanalysis(data, { [name]: 1 }), () => spy.freqanalysis({ [name]: 1 }, data)]) {
      const e = await errorOf(call);
      expect(e).toBeInstanceOf(SPYValueError);
      expect((e as SPYValueError).message).toMatch(name === "__proto__" ? /__proto__/ : /unknown keyword/);
    }
  });

  test.each(PROTO_NAMES)("options objects: butterworth, synthdata, fooof_opt with %s", async (name) => {
    const calls = [
      () => spy.batch.butterworth({ sampling_frequency: 30000, [name]: 1 } as never),
      () => spy.synthdata.white_noise({ nTrials: 1, nSamples: 4, [name]: 1 } as never),
      () => spy.freqanalysis(data, { output: "fooof", fooof_opt: { [name]: 1 } }),
    ];
    for (const call of calls) {
      const e = await errorOf(call);
      expect(e).toBeInstanceOf(SPYValueError);
    }
  });

  test("a taper named constructor or toString is an unknown window, not a crash", async () => {
    for (const taper of ["constructor", "toString", "hasOwnProperty"]) {
      const e = await errorOf(() => spy.freqanalysis(data, { taper }));
      expect(e).toBeInstanceOf(SPYValueError);
      expect((e as SPYValueError).param).toBe("taper");
    }
  });
});

describe("a __proto__ key from JSON never takes effect", () => {
  test("JSON.parse('{\"__proto__\": {\"method\": \"welch\"}}') as cfg of freqanalysis is an error", async () => {
    const cfg = JSON.parse('{"__proto__": {"method": "welch", "t_ftimwin": 0.05}}');
    for (const call of [() => spy.freqanalysis(data, cfg), () => spy.freqanalysis(cfg, data), () => spy.freqanalysis(data, {}, cfg)]) {
      const e = await errorOf(call);
      expect(e).toBeInstanceOf(SPYValueError);
      expect((e as SPYValueError).param).toMatch(/__proto__$/);
    }
  });

  test("nested: inside a replay cfg, inside fooof_opt, inside select", async () => {
    const replay = JSON.parse('{"freqanalysis": {"__proto__": {"method": "welch"}}}');
    const fooof = JSON.parse('{"output": "fooof", "fooof_opt": {"__proto__": {"max_n_peaks": 1}}}');
    const select = JSON.parse('{"select": {"__proto__": {"trials": [0]}}}');
    for (const cfg of [replay, fooof, select]) {
      const e = await errorOf(() => spy.freqanalysis(data, cfg));
      expect(e).toBeInstanceOf(SPYError);
      expect((e as SPYValueError).param).toMatch(/__proto__$/);
    }
  });

  test("the prototype of Object is never polluted", () => {
    expect(({} as Record<string, unknown>).method).toBeUndefined();
    expect(({} as Record<string, unknown>).max_n_peaks).toBeUndefined();
  });
});
