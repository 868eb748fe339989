// The spectral kernels: the fused multitaper kernel (taper + FFT + power or complex spectra of a
// whole trial) and the fused wavelet kernel (the FFT convolutions of a whole trial at the selected
// samples), float32 SIMD on lane-batched FFTs of any length (lib/lanefft.ts). One module so that
// both kernels share plans and memory. Plans and buffers are laid out by the TypeScript side
// (src/wasm/fftPlans.ts, src/wasm/fftHeap.ts)
// and passed as byte offsets; nothing here allocates.
import { multitaperJob } from "./lib/multitaper";
import { waveletJob } from "./lib/wavelet";

/** Runs one multitaper job table (lib/multitaper.ts). */
export function multitaper(job: usize): void {
  multitaperJob(job);
}

/** Runs one wavelet job table (lib/wavelet.ts): the convolutions of a whole trial. */
export function wavelet(job: usize): void {
  waveletJob(job);
}

/** First byte after the module's static data: the TypeScript side lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}
