import type { Capabilities, Draft, NetworkDescriptor, Violation } from '../contract';
import { checkLength, checkMedia } from '../media-rules';
import { createMastodonClient } from './client';
import { mastodonCredentials } from './credentials';
import { measureMastodon } from './text';

// Defaults of a stock instance (GET /api/v2/instance → configuration); instances may differ.
const capabilities: Capabilities = {
  kinds: ['text', 'link', 'image', 'video'],
  textOnly: true,
  images: {
    max: 4,
    maxBytes: 16 * 1024 * 1024,
    mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
  },
  videos: { max: 1, maxBytes: 99 * 1024 * 1024, mimeTypes: ['video/mp4', 'video/webm', 'video/quicktime'] },
  mixedMedia: false,
  threads: true,
  firstComment: true,
  linkPreview: true,
  audienceTargeting: false,
  inbox: true,
  directMessages: true,
  webhooks: false,
  metrics: true,
};

export const mastodonDescriptor: NetworkDescriptor = {
  id: 'mastodon',
  name: 'Mastodon',
  // Every instance is its own server; the channel stores the one the user gave.
  defaultBaseUrl: 'https://mastodon.social',
  capabilities,
  // 300 requests per 5 minutes per account (each instance may set its own).
  publishLimits: { channel: { max: 300, windowMs: 5 * 60_000 } },
  connect: { kind: 'access_token', fields: ['server', 'accessToken'] },
  credentials: mastodonCredentials,
  measure: (text) => measureMastodon(text),
  validate(draft: Draft): Violation[] {
    const text =
      draft.link && !draft.text.includes(draft.link) ? `${draft.text}\n\n${draft.link}` : draft.text;
    const out = [
      ...checkLength(measureMastodon(text), 'Mastodon'),
      ...checkMedia(draft, 'Mastodon', capabilities),
    ];
    if (text.trim() === '' && draft.media.length === 0) {
      out.push({ path: 'text', code: 'empty', message: 'A Mastodon post needs text or media' });
    }
    const thread = draft.options.thread;
    if (Array.isArray(thread)) {
      thread.forEach((t, i) => {
        if (typeof t !== 'string' || !measureMastodon(t).fits) {
          out.push({
            path: `options.thread.${i}`,
            code: 'text_too_long',
            message: 'A reply in the thread is too long for Mastodon',
          });
        }
      });
    }
    return out;
  },
  createClient: createMastodonClient,
};
