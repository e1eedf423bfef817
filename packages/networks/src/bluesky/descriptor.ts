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
}

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

const capabilitiesFor = (maxImageBytes: number): Capabilities => ({
  kinds: ['text', 'link', 'image'],
  textOnly: true,
  images: { max: 4, maxBytes: maxImageBytes, mimeTypes: IMAGE_TYPES },
  // app.bsky.video needs the video service's own upload and job polling: not built yet.
  videos: null,
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
  const images = draft.media.filter((m) => m.mimeType.startsWith('image/'));
  const text = postText(draft.text, draft.link, images.length > 0);
  const out = textViolations(text, 'text', 'The text');
  if (text.trim() === '' && draft.media.length === 0 && !draft.link) {
    out.push({ path: 'text', code: 'empty', message: 'A Bluesky post needs text, a link or images' });
  }
  for (const v of checkMedia(draft, 'Bluesky', capabilities)) {
    const file = draft.media[Number(v.path.split('.')[1])];
    out.push(
      v.code === 'unsupported_media_type' && file?.mimeType.startsWith('video/')
        ? { ...v, code: 'video_unsupported', message: 'Araldo cannot post video to Bluesky yet' }
        : v,
    );
  }
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
  const capabilities = capabilitiesFor(settings.maxImageBytes ?? 1_000_000);
  return {
    id: 'bluesky',
    name: 'Bluesky',
    // An entryway: it signs in any account hosted by Bluesky; self-hosted PDSes give their own URL.
    defaultBaseUrl: 'https://bsky.social',
    capabilities,
    connect: { kind: 'app_password', fields: ['service', 'identifier', 'appPassword'] },
    credentials: blueskyCredentials,
    measure,
    validate: (draft) => validate(draft, capabilities),
    createClient: createBlueskyClient,
  };
}

export const blueskyDescriptor = createBlueskyDescriptor();
