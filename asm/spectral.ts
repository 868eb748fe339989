// The spectral kernels: lane-batched and single complex FFTs of any length, real FFTs, and the
// fused multitaper kernel (taper + FFT + power or complex spectra of a whole trial) and the
// fused wavelet kernel (the FFT convolutions of a whole trial at the selected samples), float32
// SIMD. One module so that the multitaper kernel and the FFT share plans and memory. Plans and
// buffers are laid out by the TypeScript side (src/kernels/fftPlans.ts, src/kernels/fftHeap.ts)
// and passed as byte offsets; nothing here allocates.
import { fftLanes as lanes } from "./lib/lanefft";
import { cfft } from "./lib/single";
import { rfft as realForward, irfft as realInverse } from "./lib/real";
import { multitaperJob } from "./lib/multitaper";
import { waveletJob } from "./lib/wavelet";
import { f32ToF64, f64ToF32 } from "./lib/precision";

/** Four transforms at once, lane-batched 32-byte elements (see lib/passes.ts). */
export function fftLanes(plan: usize, src: usize, dst: usize, work: usize): void {
  lanes(plan, src, dst, work);
}

/** One complex transform, interleaved f32; inverse != 0 for the 1/n-normalised inverse. */
export function complexFFT(plan: usize, src: usize, dst: usize, S: usize, D: usize, W: usize, inverse: i32): void {
  cfft(plan, src, dst, S, D, W, inverse != 0, false);
}

/** numpy.fft.rfft of n f32 reals into floor(n/2)+1 interleaved f32 bins. */
export function realFFT(plan: usize, src: usize, dst: usize, Z: usize, S: usize, D: usize, W: usize): void {
  realForward(plan, src, dst, Z, S, D, W);
}

/** numpy.fft.irfft: n f32 reals from floor(n/2)+1 interleaved f32 bins. */
export function realIFFT(plan: usize, src: usize, dst: usize, Z: usize, S: usize, D: usize, W: usize): void {
  realInverse(plan, src, dst, Z, S, D, W);
}

// The same three transforms with float64 input and output (what the TypeScript plans expose):
// the data is converted to and from the float32 buffers in32 / out32 here.

export function complexFFT64(plan: usize, io64: usize, buf32: usize, S: usize, D: usize, W: usize, inverse: i32): void {
  const n2 = load<i32>(plan, 4) << 1;
  f64ToF32(io64, buf32, n2);
  cfft(plan, buf32, buf32, S, D, W, inverse != 0, false);
  f32ToF64(buf32, io64, n2);
}

export function realFFT64(plan: usize, in64: usize, out64: usize, in32: usize, out32: usize, Z: usize, S: usize, D: usize, W: usize): void {
  const n = load<i32>(plan, 4);
  f64ToF32(in64, in32, n);
  realForward(plan, in32, out32, Z, S, D, W);
  f32ToF64(out32, out64, ((n >> 1) + 1) << 1);
}

export function realIFFT64(plan: usize, in64: usize, out64: usize, in32: usize, out32: usize, Z: usize, S: usize, D: usize, W: usize): void {
  const n = load<i32>(plan, 4);
  f64ToF32(in64, in32, ((n >> 1) + 1) << 1);
  realInverse(plan, in32, out32, Z, S, D, W);
  f32ToF64(out32, out64, n);
}

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
