export { snapchatPolling } from './client';
export { snapchatDescriptor } from './descriptor';
export { encryptMedia } from './media';
export { snapchatOAuth } from './oauth';
export { measureSnapchat } from './text';
