export { createSandboxCredentials, type SandboxCredentials, sandboxCredentials } from './credentials';
export { sandboxDescriptor } from './descriptor';
export { measureSandbox } from './rules';
