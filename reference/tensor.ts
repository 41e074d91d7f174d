// A minimal dense tensor for the reference interpreter: a shape plus a row-major Float64Array.
// Only shape bookkeeping lives here (construction, element counts, shape checks, printing).
// It must not grow into an array library: no broadcasting, no views, no arithmetic.

export interface Tensor {
  shape: number[];
  data: Float64Array;
}

/** Number of elements of a shape (1 for the scalar shape []). */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const dim of shape) count *= dim;
  return count;
}

/** A tensor of the given shape; copies `values` (which must have the right length) or fills zeros. */
export function makeTensor(shape: readonly number[], values?: ArrayLike<number>): Tensor {
  const count = elementCount(shape);
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0) throw new Error(`invalid tensor shape ${formatShape(shape)}`);
  }
  const data = new Float64Array(count);
  if (values !== undefined) {
    if (values.length !== count) {
      throw new Error(`tensor of shape ${formatShape(shape)} needs ${count} values, got ${values.length}`);
    }
    data.set(values);
  }
  return { shape: [...shape], data };
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}
