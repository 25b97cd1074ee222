import { formatShape, shapesEqual, Tensor, tidy } from '@fusegrad/core';

import { FunctionCtx } from './function-ctx.js';
import { Function } from './function.js';
import { withGradMode } from './grad-mode.js';
import { GraphNode, setOutputIndex, type TensorMeta } from './graph-node.js';
import { copyTensor } from './tensor-utils.js';

/**
 * Runs a node's backward and checks what it returns: one entry per forward argument, `null` or a
 * tensor of that argument's shape.
 *
 * Without `createGraph` the call runs with recording off inside `tidy`, so its temporaries are
 * disposed on return. With `createGraph` it is recorded, except for once-differentiable Functions,
 * whose gradients get a guard node that throws when a later backward reaches it.
 *
 * @internal
 */
export function callBackward(
  node: GraphNode,
  gradOutputs: readonly (Tensor | null)[],
  createGraph: boolean,
  firstNewId: number,
): (Tensor | null)[] {
  const functionClass = node.functionClass;
  const invoke = (): unknown => functionClass.backward(node.ctx, ...gradOutputs);

  let result: unknown;
  if (!createGraph) result = withGradMode(false, () => tidy(invoke));
  else if (functionClass.onceDifferentiable) result = withGradMode(false, invoke);
  else result = withGradMode(true, invoke);

  const gradients = checkGradients(node, result);
  if (createGraph && functionClass.onceDifferentiable) {
    return gradients.map((gradient) => (gradient === null ? null : guard(gradient, node.name, firstNewId)));
  }
  return gradients;
}

function checkGradients(node: GraphNode, result: unknown): (Tensor | null)[] {
  const name = node.name;
  const expectedCount = node.inputs.length;
  const gradients = Array.isArray(result) ? result : [result];

  if (!Array.isArray(result) && expectedCount !== 1) {
    throw new Error(
      `${name}.backward returned a single gradient, but forward took ${expectedCount} arguments; ` +
        'return an array with one entry per forward argument (null for non-tensor arguments)',
    );
  }
  if (gradients.length !== expectedCount) {
    throw new Error(
      `${name}.backward returned ${gradients.length} gradients, but forward took ${expectedCount} arguments; ` +
        'return one entry per forward argument (null for non-tensor arguments and inputs without a gradient)',
    );
  }

  return gradients.map((gradient, index) => {
    if (gradient === null || gradient === undefined) return null;
    if (!(gradient instanceof Tensor)) {
      throw new Error(
        `${name}.backward returned ${typeof gradient} for input ${index}; return a Tensor or null`,
      );
    }

    const input = node.inputs[index];
    if (input === null || input === undefined) {
      throw new Error(
        `${name}.backward returned a gradient for input ${index}, but forward argument ${index} is not a ` +
          'tensor; return null in that position',
      );
    }
    if (!shapesEqual(gradient.shape, input.shape)) {
      throw new Error(
        `${name}.backward returned a gradient of shape ${formatShape(gradient.shape)} for input ${index}, ` +
          `expected shape ${formatShape(input.shape)} (the shape of that input); ` +
          'sum broadcast dimensions away (sumToShape) or reshape the gradient to the input shape',
      );
    }
    return gradient;
  });
}

class OnceDifferentiableGuard extends Function {
  static override backward(ctx: FunctionCtx<{ functionName: string }>): never {
    const functionName = ctx.attrs.functionName;
    throw new Error(
      `${functionName} is once-differentiable: a backward reached a gradient that ${functionName}.backward ` +
        'produced under createGraph, and that gradient cannot be differentiated again; call the first ' +
        `backward without createGraph, or compute this term without ${functionName}`,
    );
  }
}

// Gives the gradient a node whose backward throws. A gradient created by this backward call is
// marked itself; any other tensor is copied first, so a caller's tensor never gets a gradFn.
function guard(gradient: Tensor, functionName: string, firstNewId: number): Tensor {
  const marked = gradient.id >= firstNewId && gradient.gradFn === null ? gradient : copyTensor(gradient);
  const ctx = new FunctionCtx<{ functionName: string }>(OnceDifferentiableGuard.name, []);
  ctx.attrs.functionName = functionName;
  const meta: TensorMeta = { shape: marked.shape, dtype: marked.dtype };

  marked.requiresGrad = true;
  marked.gradFn = new GraphNode(OnceDifferentiableGuard, ctx, [], [], [meta]);
  setOutputIndex(marked, 0);
  return marked;
}
