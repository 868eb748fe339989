/** The error `p` throws or rejects with (undefined when it succeeds), for asserting on its fields. */
export async function errorOf(p: () => unknown): Promise<unknown> {
  try {
    await p();
  } catch (e) {
    return e;
  }
  return undefined;
}
