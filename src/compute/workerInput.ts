/**
 * A task's inputs as a worker sees them: a unit whose values lie in the source's file (the task's
 * `inFile` / `inPositions`) is read there into the worker's own memory (./reusedInput.ts: one
 * unshared buffer for the worker's life, grown to its largest input); any other unit is the main
 * thread's copy at its place in the task's shared buffer. A compute function is done with its
 * input before the worker reads the next one (the compute is synchronous; only the direct writes
 * run on in the background, from their own memory).
 */
import { arrayConstructor, TypedArray } from "../core/ndarray";
import { TaskMessage, UNIT_FIELDS, U_IN_OFFSET, U_IN_SLOTS } from "./protocol";
import { ReusedInput } from "./reusedInput";

const own = new ReusedInput();

/** One task's unit inputs; the file is opened on first use and closed by `close()`. */
export class TaskInputs {
  constructor(private readonly task: TaskMessage) {}

  /** Unit i's input values (valid until the next call). */
  unit(i: number): TypedArray {
    const { task } = this;
    const b = i * UNIT_FIELDS;
    const slots = task.units[b + U_IN_SLOTS];
    const pos = task.inFile !== undefined && task.inPositions !== undefined ? task.inPositions[i] : -1;
    if (!(pos >= 0)) return new (arrayConstructor(task.inDtype))(task.input, task.units[b + U_IN_OFFSET], slots);
    return own.read(task.inFile!, pos, task.inDtype, slots);
  }

  /** Close the task's file; the worker keeps its input memory. */
  close(): void {
    own.closeFile();
  }
}
