/**
 * Returns the rows of a gpu.js 2-D output as one row-major array. It is a view when the rows
 * already lie back to back in one buffer (webasm, webgpu, and headlessgl with
 * `optimizeFloatMemory`), and a copy otherwise, because the cpu backend allocates each row apart.
 */
export function flattenRows(rows: readonly Float32Array[], rowCount: number, rowLength: number): Float32Array {
  const first = rows[0]!;
  const contiguous =
    rows.length === 1 || (rows[1]!.buffer === first.buffer && rows[1]!.byteOffset === first.byteOffset + rowLength * 4);
  if (contiguous && first.buffer.byteLength >= first.byteOffset + rowCount * rowLength * 4) {
    return new Float32Array(first.buffer, first.byteOffset, rowCount * rowLength);
  }

  const flat = new Float32Array(rowCount * rowLength);
  for (let row = 0; row < rowCount; row++) flat.set(rows[row]!, row * rowLength);
  return flat;
}

/** Sums each row in float64, so that large vocabularies lose no precision to float32 accumulation. */
export function sumRows(rows: readonly Float32Array[], rowCount: number, rowLength: number): Float64Array {
  const sums = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const values = rows[row]!;
    let sum = 0;
    for (let column = 0; column < rowLength; column++) sum += values[column]!;
    sums[row] = sum;
  }
  return sums;
}
