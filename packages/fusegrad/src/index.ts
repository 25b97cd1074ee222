/**
 * fusegrad: tensors, tape-based autograd, layers, optimizers and fused distillation losses.
 *
 * Importing this package also installs the chained tensor methods (`x.add(y)`, `loss.backward()`).
 *
 * @packageDocumentation
 */
export * from '@fusegrad/core';
export * from '@fusegrad/autograd';
export * from '@fusegrad/nn';
export * from '@fusegrad/losses';
