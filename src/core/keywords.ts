/** Keyword checks shared by every metafunction. */
import { SPYTypeError } from "./errors";

/** A boolean keyword, or an error naming it. */
export function checkBool(kw: Record<string, unknown>, name: string): boolean {
  const v = kw[name];
  if (typeof v !== "boolean") throw new SPYTypeError(name, v, "true or false");
  return v;
}
