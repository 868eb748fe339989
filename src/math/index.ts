/**
 * Numeric kernels of spyts: numpy.fft, scipy.signal.windows (incl. dpss) and
 * scipy.signal.detrend equivalents on Float64Arrays. Knows nothing of data
 * classes, files or workers.
 */
export * from "./fft";
export * from "./windows";
export { dpss, dpssRatios } from "./dpss";
export { detrendConstant, detrendLinear, leastSquaresLine } from "./detrend";
export { besselI0, sinc } from "./special";
export { tridiagonalEigenvalues, tridiagonalEigenvectors, type Tridiagonal } from "./tridiagonal";
