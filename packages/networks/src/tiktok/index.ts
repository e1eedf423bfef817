export { tiktokPolling } from './client';
export { tiktokDescriptor } from './descriptor';
export { tiktokOAuth } from './oauth';
export { measureTikTok } from './text';
