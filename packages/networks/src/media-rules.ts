import type { Draft, MediaRules, Violation } from './contract';

const mb = (bytes: number) => `${Math.round((bytes / 1_000_000) * 10) / 10} MB`;

/**
 * The media checks most networks share: counts, types, sizes, durations, and whether
 * images and video may be mixed. Networks with stranger rules add their own on top.
 */
export function checkMedia(
  draft: Draft,
  network: string,
  rules: { images: MediaRules | null; videos: MediaRules | null; mixedMedia: boolean },
): Violation[] {
  const out: Violation[] = [];
  const images = draft.media.filter((m) => m.mimeType.startsWith('image/'));
  const videos = draft.media.filter((m) => m.mimeType.startsWith('video/'));
  draft.media.forEach((m, i) => {
    const kind = m.mimeType.startsWith('image/')
      ? rules.images
      : m.mimeType.startsWith('video/')
        ? rules.videos
        : null;
    if (!kind?.mimeTypes.includes(m.mimeType)) {
      out.push({
        path: `media.${i}`,
        code: 'unsupported_media_type',
        message: `${network} does not take ${m.mimeType} files`,
      });
      return;
    }
    if (m.sizeBytes > kind.maxBytes) {
      out.push({
        path: `media.${i}`,
        code: 'media_too_large',
        message: `This file is ${mb(m.sizeBytes)}; ${network} takes at most ${mb(kind.maxBytes)}`,
      });
    }
    if (
      m.durationSeconds !== undefined &&
      kind.maxSeconds !== undefined &&
      m.durationSeconds > kind.maxSeconds
    ) {
      out.push({
        path: `media.${i}`,
        code: 'video_too_long',
        message: `This video lasts ${Math.round(m.durationSeconds)} s; ${network} takes at most ${kind.maxSeconds} s`,
      });
    }
    if (
      m.durationSeconds !== undefined &&
      kind.minSeconds !== undefined &&
      m.durationSeconds < kind.minSeconds
    ) {
      out.push({
        path: `media.${i}`,
        code: 'video_too_short',
        message: `This video lasts ${Math.round(m.durationSeconds)} s; ${network} needs at least ${kind.minSeconds} s`,
      });
    }
  });
  if (rules.images && images.length > rules.images.max) {
    out.push({
      path: 'media',
      code: 'too_many_images',
      message: `${network} takes at most ${rules.images.max} images per post`,
    });
  }
  if (rules.videos && videos.length > rules.videos.max) {
    out.push({
      path: 'media',
      code: 'too_many_videos',
      message: `${network} takes at most ${rules.videos.max} video per post`,
    });
  }
  if (!rules.mixedMedia && images.length > 0 && videos.length > 0) {
    out.push({
      path: 'media',
      code: 'mixed_media',
      message: `${network} cannot mix images and video in one post`,
    });
  }
  return out;
}

export function checkLength(measure: { length: number; limit: number }, network: string): Violation[] {
  return measure.length > measure.limit
    ? [
        {
          path: 'text',
          code: 'text_too_long',
          message: `The text is ${measure.length} characters as ${network} counts them; the limit is ${measure.limit}`,
        },
      ]
    : [];
}
