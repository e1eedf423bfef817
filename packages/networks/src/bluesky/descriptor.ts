import type { Capabilities, Draft, NetworkDescriptor, Violation } from '../contract';
import { checkMedia } from '../media-rules';
import { createBlueskyClient } from './client';
import { blueskyCredentials } from './credentials';
import { postText } from './records';
import { BYTE_LIMIT, GRAPHEME_LIMIT, graphemes, measure, utf8Length } from './text';

export interface BlueskySettings {
  /**
   * Largest image blob the account's PDS takes. The app.bsky.embed.images lexicon raised it
   * from 1,000,000 to 2,000,000 bytes in April 2026; older servers still refuse more than 1 MB.
   */
  maxImageBytes?: number;
  /**
   * Largest video blob. app.bsky.embed.video's `maxSize` is 100,000,000 bytes in the lexicon
   * the reference PDS here validates (it was 50,000,000 in 2024; newer ones may allow more).
   */
  maxVideoBytes?: number;
}

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
// app.bsky.embed.video accepts video/mp4 only; alt text up to 1,000 graphemes.
const VIDEO_TYPES = ['video/mp4'];
const VIDEO_ALT_GRAPHEMES = 1000;
// Bluesky announced 3-minute videos (March 2025); the lexicon itself has no duration.
const VIDEO_MAX_SECONDS = 180;

const capabilitiesFor = (maxImageBytes: number, maxVideoBytes: number): Capabilities => ({
  kinds: ['text', 'link', 'image', 'video'],
  textOnly: true,
  images: { max: 4, maxBytes: maxImageBytes, mimeTypes: IMAGE_TYPES },
  // A video goes up as a repository blob (com.atproto.repo.uploadBlob) like an image.
  videos: { max: 1, maxBytes: maxVideoBytes, mimeTypes: VIDEO_TYPES, maxSeconds: VIDEO_MAX_SECONDS },
  mixedMedia: false,
  threads: true,
  firstComment: true,
  linkPreview: true,
  audienceTargeting: false,
  inbox: true,
  directMessages: false,
  webhooks: false,
  metrics: true,
});

function textViolations(text: string, path: string, what: string): Violation[] {
  const out: Violation[] = [];
  const length = graphemes(text);
  if (length > GRAPHEME_LIMIT) {
    out.push({
      path,
      code: 'text_too_long',
      message: `${what} is ${length} characters; Bluesky allows ${GRAPHEME_LIMIT}`,
    });
  }
  const bytes = utf8Length(text);
  if (bytes > BYTE_LIMIT) {
    out.push({
      path,
      code: 'text_too_many_bytes',
      message: `${what} takes ${bytes} bytes; Bluesky allows ${BYTE_LIMIT} (emoji and many scripts take 3–4 bytes a character)`,
    });
  }
  return out;
}

function validate(draft: Draft, capabilities: Capabilities): Violation[] {
  const text = postText(draft.text, draft.link, draft.media.length > 0);
  const out = textViolations(text, 'text', 'The text');
  if (text.trim() === '' && draft.media.length === 0 && !draft.link) {
    out.push({
      path: 'text',
      code: 'empty',
      message: 'A Bluesky post needs text, a link, images or a video',
    });
  }
  out.push(...checkMedia(draft, 'Bluesky', capabilities));
  draft.media.forEach((m, i) => {
    if (m.mimeType.startsWith('video/') && m.altText && graphemes(m.altText) > VIDEO_ALT_GRAPHEMES) {
      out.push({
        path: `media.${i}`,
        code: 'alt_text_too_long',
        message: `The video's alt text is ${graphemes(m.altText)} characters; Bluesky allows ${VIDEO_ALT_GRAPHEMES}`,
      });
    }
  });
  const thread = draft.options.thread;
  if (thread !== undefined && !Array.isArray(thread)) {
    out.push({ path: 'options.thread', code: 'invalid', message: 'The thread must be a list of posts' });
  }
  if (Array.isArray(thread)) {
    thread.forEach((t, i) => {
      const path = `options.thread.${i}`;
      if (typeof t !== 'string') out.push({ path, code: 'invalid', message: 'A thread post must be text' });
      else out.push(...textViolations(t, path, `Thread post ${i + 2}`));
    });
  }
  if (draft.firstComment)
    out.push(...textViolations(draft.firstComment, 'firstComment', 'The first comment'));
  const langs = draft.options.langs;
  if (Array.isArray(langs) && langs.length > 3) {
    out.push({
      path: 'options.langs',
      code: 'too_many_languages',
      message: 'Bluesky takes at most 3 languages per post',
    });
  }
  return out;
}

export function createBlueskyDescriptor(settings: BlueskySettings = {}): NetworkDescriptor {
  const capabilities = capabilitiesFor(
    settings.maxImageBytes ?? 1_000_000,
    settings.maxVideoBytes ?? 100_000_000,
  );
  return {
    id: 'bluesky',
    name: 'Bluesky',
    // An entryway: it signs in any account hosted by Bluesky; self-hosted PDSes give their own URL.
    defaultBaseUrl: 'https://bsky.social',
    capabilities,
    // 5,000 write points per hour per account; creating a record costs 3.
    publishLimits: { channel: { max: 1_666, windowMs: 3_600_000 } },
    connect: { kind: 'app_password', fields: ['service', 'identifier', 'appPassword'] },
    credentials: blueskyCredentials,
    measure,
    validate: (draft) => validate(draft, capabilities),
    createClient: createBlueskyClient,
  };
}

export const blueskyDescriptor = createBlueskyDescriptor();
