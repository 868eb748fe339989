/** The output dtype of a statistic (numpy's result types, stored at the input's precision). */
import { DType, isComplex, realPart } from "../core/ndarray";
import { StatOperation, keepsComplex } from "./sliceStats";

/**
 * mean/median keep a float or complex dtype; var/std of complex data are real at the same
 * precision (complex64 -> float32), as numpy's var (Syncopy stores them back in the complex
 * dtype with a zero imaginary part). Integer input gives float64, as numpy's mean (Syncopy casts
 * the result back to the integer dtype).
 */
export function statOutputDtype(op: StatOperation, dtype: DType): DType {
  if (isComplex(dtype)) return keepsComplex(op) ? dtype : realPart(dtype);
  return dtype === "float32" || dtype === "float64" ? dtype : "float64";
}
