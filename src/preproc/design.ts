/**
 * From validated keywords to the filter that is applied: Butterworth sections or a windowed-sinc
 * kernel (made minimum phase for "onepass-minphase"). Shared by preprocessing and the
 * frequency-response plot, so the plot shows exactly what is applied.
 */
import { butter } from "./butter";
import { designWsinc, minphaserceps } from "./firws";
import { FilterStep } from "./pipeline";
import { FilterChoice } from "./params";

export function designFilter(f: FilterChoice, samplerate: number): FilterStep {
  if (f.filterClass === "but") {
    const sos = butter(f.order, f.freq as number | number[], f.filterType, samplerate);
    return { kind: "but", sos: Float64Array.from(sos.flat()), direction: f.direction as "twopass" | "onepass" };
  }
  const fc = Array.isArray(f.freq) ? f.freq.map((v) => v / samplerate) : (f.freq as number) / samplerate;
  let kernel = designWsinc(f.window!, f.order, fc, f.filterType);
  if (f.direction === "onepass-minphase") kernel = minphaserceps(kernel);
  return { kind: "firws", kernel, direction: f.direction };
}
