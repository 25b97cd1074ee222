import { Tensor } from '@fusegrad/core';

/**
 * Returns the id that the next tensor will get. Tensors with an id at least this large were
 * created after the call, which is how autograd tells its own temporaries from callers' tensors.
 *
 * @internal
 */
export function peekNextTensorId(): number {
  // A zero-length tensor costs no storage; its id is the current value of core's counter.
  const probe = new Tensor(new Float32Array(0), [0]);
  probe.dispose();
  return probe.id + 1;
}

/**
 * Copies a tensor's values into a new leaf tensor with the same shape and dtype.
 *
 * @internal
 */
export function copyTensor(source: Tensor): Tensor {
  const data = source.dtype === 'float64' ? Float64Array.from(source.data) : Float32Array.from(source.data);
  return new Tensor(data, source.shape);
}
