/**
 * `@fusegrad/testing`: fast-check arbitraries for tensors, broadcastable shapes, log-probability
 * rows and label vectors, and `gradcheckProperty`, a one-line gradient property for custom Functions.
 *
 * @packageDocumentation
 */
export { broadcastableShapes, shapeArbitrary, type ShapeConstraints } from './shapes.js';
export { broadcastableTensors, tensorArbitrary, type TensorConstraints } from './tensors.js';
export { type CountRange, logProbRows, type LogProbConstraints } from './log-probs.js';
export { labelVectors, type LabelConstraints } from './labels.js';
export { gradcheckProperty, type GradcheckPropertyOptions } from './gradcheck-property.js';
