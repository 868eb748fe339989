/** The error `p` throws or rejects with (undefined when it succeeds), for asserting on its fields. */
export async function errorOf(p: () => unknown): Promise<unknown> {
  try {
    await p();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** A thrown SPYError's fields, for assertions. */
export type ThrownError = Error & { param?: string; path?: string };

/** The error `run` throws or its promise rejects with; a test failure when it throws none. */
export async function thrownBy(run: () => unknown): Promise<ThrownError> {
  try {
    await run();
  } catch (e) {
    return e as ThrownError;
  }
  throw new Error("expected an error, got none");
}
