export { BACKEND_NAMES, parseBackendName, type BackendName, type ConcreteBackend } from './backend-name.js';
export { BACKEND_ENV_VARIABLE, getBackend, setBackend } from './backend-setting.js';
export { backendInfo, recordKernelRun, type BackendInfo, type KernelRunRecordSource } from './backend-info.js';
export { cachedKernel, getGPU, resolveBackend } from './gpu-instances.js';
export { prepareWebGPU, webGPUStatus, type WebGPUStatus } from './webgpu.js';
export type { GPUInstance } from './gpujs.js';
