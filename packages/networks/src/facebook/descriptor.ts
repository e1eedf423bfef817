import type { Capabilities, Draft, NetworkDescriptor, TextMeasure, Violation } from '../contract';
import { checkLength, checkMedia } from '../media-rules';
import { verifyMetaSignature } from '../meta';
import { createFacebookClient } from './client';
import { facebookCredentialsFromTokens, facebookOAuth } from './connect';
import { facebookCredentials } from './credentials';
import { FACEBOOK_DEFAULT_BASE_URL } from './origin';
import { checkTargeting } from './targeting';

// The Graph reference documents no length for a Page post's message; 63,206 characters is
// the limit Facebook's composer enforces (secondary source). UTF-16 units overcount emoji,
// which errs on the safe side.
export const FACEBOOK_MAX_MESSAGE = 63_206;

// Graph API "Video Uploads": the resumable protocol takes videos up to 10 GB and 4 hours
// (older versions of the page said 1.75 GB and 45 minutes), in these container formats.
const VIDEO_TYPES = [
  'video/mp4',
  'video/quicktime',
  'video/x-m4v',
  'video/mpeg',
  'video/3gpp',
  'video/3gpp2',
  'video/x-msvideo',
  'video/x-ms-wmv',
  'video/x-ms-asf',
  'video/x-flv',
  'video/x-matroska',
  'video/ogg',
  'video/mp2t',
];

const capabilities: Capabilities = {
  kinds: ['text', 'link', 'image', 'video'],
  textOnly: true,
  // Page photos reference: JPEG, PNG, GIF, BMP, TIFF; 4 MB. How many photos one post may
  // attach is undocumented; ten keeps to what the composer shows.
  images: {
    max: 10,
    maxBytes: 4 * 1024 * 1024,
    mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/tiff'],
  },
  // One video per post, through the Video API on its own host; never beside photos.
  videos: { max: 1, maxBytes: 10 * 1024 ** 3, mimeTypes: VIDEO_TYPES, maxSeconds: 4 * 3600 },
  mixedMedia: false,
  threads: false,
  firstComment: true,
  linkPreview: true,
  audienceTargeting: true,
  inbox: true,
  directMessages: false,
  webhooks: true,
  metrics: true,
};

export function measureFacebook(text: string): TextMeasure {
  return {
    network: 'facebook',
    length: text.length,
    limit: FACEBOOK_MAX_MESSAGE,
    fits: text.length <= FACEBOOK_MAX_MESSAGE,
  };
}

export const facebookDescriptor: NetworkDescriptor = {
  id: 'facebook',
  name: 'Facebook',
  defaultBaseUrl: FACEBOOK_DEFAULT_BASE_URL,
  capabilities,
  connect: { kind: 'oauth2', oauth: facebookOAuth },
  credentials: facebookCredentials,
  measure: measureFacebook,
  validate(draft: Draft): Violation[] {
    const out = [
      ...checkLength(measureFacebook(draft.text), 'Facebook'),
      ...checkMedia(draft, 'Facebook', capabilities),
      ...checkTargeting(draft.options),
    ];
    // POST /{page-id}/feed: "either link or message must be supplied" (photos carry their own).
    if (draft.text.trim() === '' && !draft.link && draft.media.length === 0) {
      out.push({
        path: 'text',
        code: 'empty',
        message: 'A Facebook post needs text, a link, a photo or a video',
      });
    }
    // "The aspect ratio of the video must be between 9x16 and 16x9."
    draft.media.forEach((m, i) => {
      if (!m.mimeType.startsWith('video/') || !m.width || !m.height) return;
      const ratio = m.width / m.height;
      if (ratio < 9 / 16 - 0.001 || ratio > 16 / 9 + 0.001) {
        out.push({
          path: `media.${i}`,
          code: 'aspect_ratio',
          message: `This video is ${m.width}×${m.height}; Facebook takes videos from 9:16 (tall) to 16:9 (wide)`,
        });
      }
    });
    if (draft.firstComment !== null) {
      if (draft.firstComment.trim() === '') {
        out.push({ path: 'firstComment', code: 'empty', message: 'The first comment is empty' });
      } else if (!measureFacebook(draft.firstComment).fits) {
        out.push({
          path: 'firstComment',
          code: 'text_too_long',
          message: 'The first comment is too long for Facebook',
        });
      }
    }
    return out;
  },
  createClient: createFacebookClient,
  credentialsFromTokens: facebookCredentialsFromTokens,
  verifyWebhook: verifyMetaSignature,
};
