import type { Capabilities, Draft, NetworkDescriptor, Violation } from '../contract';
import { checkLength, checkMedia } from '../media-rules';
import { verifyMetaSignature } from '../meta';
import { createThreadsClient, mainText, threadOf } from './client';
import { threadsCredentialsFromTokens, threadsOAuth } from './connect';
import { threadsCredentials } from './credentials';
import { countLinks, LINK_LIMIT, measureThreads } from './text';

export const CAROUSEL_LIMIT = 20;

// Media specs: JPEG/PNG images ≤ 8 MB; MOV/MP4 video ≤ 1 GB and ≤ 5 min (secondary);
// a carousel mixes 2 to 20 items.
const capabilities: Capabilities = {
  kinds: ['text', 'link', 'image', 'video', 'carousel'],
  textOnly: true,
  images: { max: CAROUSEL_LIMIT, maxBytes: 8 * 1024 * 1024, mimeTypes: ['image/jpeg', 'image/png'] },
  videos: {
    max: CAROUSEL_LIMIT,
    maxBytes: 1024 * 1024 * 1024,
    mimeTypes: ['video/mp4', 'video/quicktime'],
    maxSeconds: 300,
  },
  mixedMedia: true,
  threads: true,
  firstComment: true,
  linkPreview: true,
  audienceTargeting: false,
  inbox: true,
  directMessages: false,
  webhooks: true,
  metrics: true,
};

function checkText(text: string, attachment: string | null, path: string, what: string): Violation[] {
  const out = checkLength(measureThreads(text), 'Threads').map((v) => ({
    ...v,
    path,
    message: `${what}: ${v.message}`,
  }));
  const links = countLinks(text, attachment);
  if (links > LINK_LIMIT) {
    out.push({
      path,
      code: 'too_many_links',
      message: `${what} has ${links} links; Threads takes at most ${LINK_LIMIT}`,
    });
  }
  return out;
}

export const threadsDescriptor: NetworkDescriptor = {
  id: 'threads',
  name: 'Threads',
  defaultBaseUrl: 'https://graph.threads.net',
  capabilities,
  // threads_publishing_limit: 250 posts per rolling 24 hours per profile.
  publishLimits: { channel: { max: 250, windowMs: 86_400_000 } },
  connect: { kind: 'oauth2', oauth: threadsOAuth },
  credentials: threadsCredentials,
  measure: (text) => measureThreads(text),
  validate(draft: Draft): Violation[] {
    const { text, attachment } = mainText(draft);
    const out = [
      ...checkText(text, attachment, 'text', 'The post'),
      ...checkMedia(draft, 'Threads', capabilities),
    ];
    if (text.trim() === '' && !attachment && draft.media.length === 0) {
      out.push({ path: 'text', code: 'empty', message: 'A Threads post needs text, a link or media' });
    }
    if (draft.media.length > CAROUSEL_LIMIT) {
      out.push({
        path: 'media',
        code: 'too_many_media',
        message: `A Threads carousel holds at most ${CAROUSEL_LIMIT} photos and videos`,
      });
    }
    threadOf(draft.options).forEach((t, i) => {
      out.push(...checkText(t, null, `options.thread.${i}`, `Reply ${i + 1} of the thread`));
      if (t.trim() === '')
        out.push({
          path: `options.thread.${i}`,
          code: 'empty',
          message: `Reply ${i + 1} of the thread is empty`,
        });
    });
    if (draft.firstComment !== null) {
      out.push(...checkText(draft.firstComment, null, 'firstComment', 'The first comment'));
      if (draft.firstComment.trim() === '')
        out.push({ path: 'firstComment', code: 'empty', message: 'The first comment is empty' });
    }
    return out;
  },
  createClient: createThreadsClient,
  credentialsFromTokens: threadsCredentialsFromTokens,
  verifyWebhook: verifyMetaSignature,
};
