import type { NetworkDescriptor } from '../contract';
import { createSandboxClient } from './client';
import { createSandboxCredentials, sandboxCredentials } from './credentials';
import { measureSandbox, sandboxCapabilities, validateSandbox } from './rules';

export const sandboxDescriptor: NetworkDescriptor = {
  id: 'sandbox',
  name: 'Sandbox',
  // Nothing is reached over the network: posts live in the state folder, the audience is simulated.
  defaultBaseUrl: 'sandbox:',
  capabilities: sandboxCapabilities,
  connect: { kind: 'none' },
  credentials: sandboxCredentials,
  measure: measureSandbox,
  validate: validateSandbox,
  createClient: (options) => createSandboxClient(options),
  initialCredentials: ({ name, timeZone }) => createSandboxCredentials({ name, timeZone }),
};
