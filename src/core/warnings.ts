/**
 * Warnings that users see. They go to stdout with a "SPYWarning:" prefix, not stderr: a tslab
 * notebook shows stderr as an error. Tests can capture them with `captureWarnings`.
 */
let sink: ((msg: string) => void) | null = null;

export function warn(message: string): void {
  if (sink) sink(message);
  else console.log(`SPYWarning: ${message}`);
}

/** Run `fn` collecting the warnings it raises instead of printing them. */
export async function captureWarnings<T>(fn: () => Promise<T> | T): Promise<{ result: T; warnings: string[] }> {
  const previous = sink;
  const warnings: string[] = [];
  sink = (m) => warnings.push(m);
  try {
    const result = await fn();
    return { result, warnings };
  } finally {
    sink = previous;
  }
}
