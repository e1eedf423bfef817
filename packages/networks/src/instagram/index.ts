export { instagramDescriptor } from './descriptor';
export { checkCaption, hashtags, measureInstagram, mentions } from './text';
