export { xDescriptor } from './descriptor';
export { measureX, xLength } from './text';
export { verifyXWebhook, xCrcResponse } from './webhook';
