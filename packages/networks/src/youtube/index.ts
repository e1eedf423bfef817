export { youtubeDescriptor } from './descriptor';
export { youtubeOAuth } from './oauth';
export { measureYouTube } from './text';
