import type { Capabilities, Draft, NetworkDescriptor, Violation } from '../contract';
import { checkMedia } from '../media-rules';
import { verifyMetaSignature } from '../meta';
import { captionOf, createInstagramClient } from './client';
import { instagramCredentialsFromTokens, instagramOAuth } from './connect';
import { instagramCredentials } from './credentials';
import { checkCaption, measureInstagram } from './text';

export const CAROUSEL_LIMIT = 10;

// Content publishing guide and media specs: JPEG images ≤ 8 MB; Reels MP4/MOV, 3 s to
// 15 min (secondary), ≤ 300 MB; a carousel mixes up to ten of them.
const capabilities: Capabilities = {
  kinds: ['image', 'carousel', 'reel'],
  textOnly: false,
  images: { max: CAROUSEL_LIMIT, maxBytes: 8 * 1024 * 1024, mimeTypes: ['image/jpeg'] },
  videos: {
    max: CAROUSEL_LIMIT,
    maxBytes: 300 * 1024 * 1024,
    mimeTypes: ['video/mp4', 'video/quicktime'],
    minSeconds: 3,
    maxSeconds: 15 * 60,
  },
  mixedMedia: true,
  threads: false,
  firstComment: true,
  linkPreview: false,
  audienceTargeting: false,
  inbox: true,
  directMessages: false,
  webhooks: true,
  metrics: true,
};

export const instagramDescriptor: NetworkDescriptor = {
  id: 'instagram',
  name: 'Instagram',
  defaultBaseUrl: 'https://graph.instagram.com',
  capabilities,
  // content_publishing_limit: 50 published posts per rolling 24 hours per account.
  publishLimits: { channel: { max: 50, windowMs: 86_400_000 } },
  connect: { kind: 'oauth2', oauth: instagramOAuth },
  credentials: instagramCredentials,
  measure: measureInstagram,
  validate(draft: Draft): Violation[] {
    const out = [...checkCaption(captionOf(draft)), ...checkMedia(draft, 'Instagram', capabilities)];
    if (draft.media.length === 0) {
      out.push({
        path: 'media',
        code: 'media_required',
        message: 'Instagram posts need at least one photo or video',
      });
    }
    if (draft.media.length > CAROUSEL_LIMIT) {
      out.push({
        path: 'media',
        code: 'too_many_media',
        message: `An Instagram carousel holds at most ${CAROUSEL_LIMIT} photos and videos`,
      });
    }
    if (draft.firstComment !== null) {
      if (draft.firstComment.trim() === '')
        out.push({ path: 'firstComment', code: 'empty', message: 'The first comment is empty' });
      out.push(...checkCaption(draft.firstComment, 'firstComment'));
    }
    return out;
  },
  createClient: createInstagramClient,
  credentialsFromTokens: instagramCredentialsFromTokens,
  verifyWebhook: verifyMetaSignature,
};
