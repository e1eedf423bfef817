import { checkMedia } from '@network-text/media-rules';
import type { TFunction } from 'i18next';
import type { MediaAsset, Network } from '../api/types';

interface MediaRules {
  max: number;
  maxBytes: number;
  mimeTypes: string[];
}

/** The media part of a network's capabilities (GET /networks), as the server describes it. */
const rulesOf = (network: Network) => {
  const caps = network.capabilities as {
    images?: MediaRules | null;
    videos?: MediaRules | null;
    mixedMedia?: boolean;
    textOnly?: boolean;
  };
  return {
    images: caps.images ?? null,
    videos: caps.videos ?? null,
    mixedMedia: caps.mixedMedia ?? false,
    textOnly: caps.textOnly ?? true,
  };
};

const mb = (bytes: number) => `${Math.round((bytes / 1_000_000) * 10) / 10} MB`;

/**
 * What a network would refuse in these files, checked with the server's own media rules
 * (packages/networks/src/media-rules.ts) and said in the reader's language.
 */
export const mediaWarnings = (t: TFunction, network: Network, media: readonly MediaAsset[]): string[] => {
  const rules = rulesOf(network);
  const files = media.map((asset) => ({
    id: asset.id,
    mimeType: asset.mimeType,
    sizeBytes: asset.sizeBytes,
  }));
  const draft = { text: '', link: null, media: files, firstComment: null, options: {} };
  const warnings = checkMedia(draft, network.name, rules).map((violation) => {
    const index = Number(violation.path.split('.')[1]);
    const file = Number.isNaN(index) ? undefined : media[index];
    const kind = file?.mimeType.startsWith('video/') ? rules.videos : rules.images;
    const values = {
      network: network.name,
      file: file?.filename ?? '',
      type: file?.mimeType ?? '',
      size: file ? mb(file.sizeBytes) : '',
      maxSize: kind ? mb(kind.maxBytes) : '',
      maxImages: rules.images?.max ?? 0,
      maxVideos: rules.videos?.max ?? 0,
    };
    switch (violation.code) {
      case 'unsupported_media_type':
        return t('composer.media.unsupported', values);
      case 'media_too_large':
        return t('composer.media.tooLarge', values);
      case 'too_many_images':
        return t('composer.media.tooManyImages', values);
      case 'too_many_videos':
        return t('composer.media.tooManyVideos', values);
      case 'mixed_media':
        return t('composer.media.mixed', values);
      default:
        return violation.message;
    }
  });
  if (!rules.textOnly && media.length === 0)
    warnings.push(t('composer.media.required', { network: network.name }));
  return warnings;
};
