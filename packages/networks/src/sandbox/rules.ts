import type { Capabilities, Draft, TextMeasure, Violation } from '../contract';
import { checkLength, checkMedia } from '../media-rules';

export const SANDBOX_LIMIT = 500;

// The sandbox behaves like a typical text-first network, so what a newcomer learns there
// (text alone is fine, a few images or one video, threads) holds on most real ones.
export const sandboxCapabilities: Capabilities = {
  kinds: ['text', 'link', 'image', 'video'],
  textOnly: true,
  images: {
    max: 4,
    maxBytes: 10 * 1024 * 1024,
    mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
  },
  videos: {
    max: 1,
    maxBytes: 100 * 1024 * 1024,
    mimeTypes: ['video/mp4', 'video/quicktime', 'video/webm'],
    minSeconds: 1,
    maxSeconds: 600,
  },
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

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The sandbox counts what a person sees as one character: a flag or a family emoji is one. */
export function measureSandbox(text: string): TextMeasure {
  let length = 0;
  for (const _ of segmenter.segment(text)) length++;
  return { network: 'sandbox', length, limit: SANDBOX_LIMIT, fits: length <= SANDBOX_LIMIT };
}

/** The text as published: the link goes after the text unless the text already holds it. */
export const composeText = (text: string, link: string | null) =>
  link && !text.includes(link) ? (text.trim() === '' ? link : `${text}\n\n${link}`) : text;

/** Thread replies, in order, from `options.thread`. */
export const threadOf = (options: Record<string, unknown>): unknown[] =>
  Array.isArray(options.thread) ? options.thread : [];

export function validateSandbox(draft: Draft): Violation[] {
  const text = composeText(draft.text, draft.link);
  const out = [
    ...checkLength(measureSandbox(text), 'Sandbox'),
    ...checkMedia(draft, 'Sandbox', sandboxCapabilities),
  ];
  if (text.trim() === '' && draft.media.length === 0) {
    out.push({ path: 'text', code: 'empty', message: 'A Sandbox post needs text or media' });
  }
  threadOf(draft.options).forEach((t, i) => {
    if (typeof t !== 'string' || t.trim() === '') {
      out.push({
        path: `options.thread.${i}`,
        code: 'empty',
        message: `Reply ${i + 1} of the thread is empty`,
      });
    } else if (!measureSandbox(t).fits) {
      out.push({
        path: `options.thread.${i}`,
        code: 'text_too_long',
        message: `Reply ${i + 1} of the thread is ${measureSandbox(t).length} characters; the limit is ${SANDBOX_LIMIT}`,
      });
    }
  });
  if (draft.firstComment !== null && !measureSandbox(draft.firstComment).fits) {
    out.push({
      path: 'firstComment',
      code: 'text_too_long',
      message: `The first comment is ${measureSandbox(draft.firstComment).length} characters; the limit is ${SANDBOX_LIMIT}`,
    });
  }
  return out;
}
