export {
  CONTAINER_TIMING,
  type ContainerEntry,
  type ContainerStatus,
  type ContainerStep,
  publishOnce,
  settle,
} from './container';
export { graphError } from './graph-error';
export { encodeParams, type GraphFile, type GraphParams, GraphSession } from './graph-session';
export { type LongLivedCredentials, longLivedSession } from './long-lived';
export { readUsage, usageResetAt } from './usage';
export { GRAPH_VERSION, RENEW_AHEAD_MS } from './version';
export { answerMetaChallenge, verifyMetaSignature } from './webhook';
