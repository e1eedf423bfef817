import type { FakePinterestVideo } from './fake-pinterest';

export type PinMedia =
  | { type: 'image'; contentTypes: string[]; count: number }
  | { type: 'image_url'; urls: string[] }
  | { type: 'video'; mediaId: string };

const BASE64_TYPES = ['image/jpeg', 'image/png'];

/** Checks a Pin's media_source the way the v5 reference describes it; a string is the error. */
export function checkMediaSource(
  source: unknown,
  videos: Map<string, FakePinterestVideo>,
): PinMedia | string {
  if (!source || typeof source !== 'object') return 'media_source is a required property';
  const s = source as Record<string, unknown>;
  const items = Array.isArray(s.items) ? (s.items as Record<string, unknown>[]) : [];
  const base64 = (i: Record<string, unknown>) =>
    typeof i.data === 'string' &&
    BASE64_TYPES.includes(String(i.content_type)) &&
    Buffer.from(i.data, 'base64').length > 0;
  switch (s.source_type) {
    case 'image_base64':
      return base64(s)
        ? { type: 'image', contentTypes: [String(s.content_type)], count: 1 }
        : 'Invalid image_base64';
    case 'image_url':
      return typeof s.url === 'string' && /^https?:\/\//.test(s.url)
        ? { type: 'image_url', urls: [s.url] }
        : 'Invalid url';
    case 'multiple_image_base64':
      if (items.length < 2 || items.length > 5) return 'items: 2 to 5 images';
      return items.every(base64)
        ? { type: 'image', contentTypes: items.map((i) => String(i.content_type)), count: items.length }
        : 'Invalid image in items';
    case 'multiple_image_urls':
      if (items.length < 2 || items.length > 5) return 'items: 2 to 5 images';
      return items.every((i) => typeof i.url === 'string')
        ? { type: 'image_url', urls: items.map((i) => String(i.url)) }
        : 'Invalid url in items';
    case 'video_id': {
      const video = videos.get(String(s.media_id));
      if (!video) return 'Media not found.';
      if (video.status !== 'succeeded') return `The video is not ready (${video.status}).`;
      if (s.cover_image_url === undefined && s.cover_image_key_frame_time === undefined)
        return 'A video Pin needs cover_image_url or cover_image_key_frame_time';
      return { type: 'video', mediaId: String(s.media_id) };
    }
    default:
      return `Unsupported source_type ${String(s.source_type)}`;
  }
}
