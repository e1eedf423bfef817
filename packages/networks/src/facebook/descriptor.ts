import type { Capabilities, Draft, NetworkDescriptor, TextMeasure, Violation } from '../contract';
import { checkLength, checkMedia } from '../media-rules';
import { verifyMetaSignature } from '../meta';
import { createFacebookClient } from './client';
import { facebookCredentialsFromTokens, facebookOAuth } from './connect';
import { facebookCredentials } from './credentials';
import { checkTargeting } from './targeting';

// The Graph reference documents no length for a Page post's message; 63,206 characters is
// the limit Facebook's composer enforces (secondary source). UTF-16 units overcount emoji,
// which errs on the safe side.
export const FACEBOOK_MAX_MESSAGE = 63_206;

const capabilities: Capabilities = {
  kinds: ['text', 'link', 'image'],
  textOnly: true,
  // Page photos reference: JPEG, PNG, GIF, BMP, TIFF; 4 MB. How many photos one post may
  // attach is undocumented; ten keeps to what the composer shows.
  images: {
    max: 10,
    maxBytes: 4 * 1024 * 1024,
    mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/tiff'],
  },
  // Videos go through the separate Video API (graph-video host), not handled yet.
  videos: null,
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
  defaultBaseUrl: 'https://graph.facebook.com',
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
      out.push({ path: 'text', code: 'empty', message: 'A Facebook post needs text, a link or a photo' });
    }
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
