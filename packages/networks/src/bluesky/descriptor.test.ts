import { describe, expect, it } from 'vitest';
import type { Draft, MediaInfo } from '../contract';
import { blueskyDescriptor, createBlueskyDescriptor } from './descriptor';

const draft = (over: Partial<Draft> = {}): Draft => ({
  text: 'Hello Bluesky',
  link: null,
  media: [],
  firstComment: null,
  options: {},
  ...over,
});
const image = (over: Partial<MediaInfo> = {}): MediaInfo => ({
  id: 'm1',
  mimeType: 'image/jpeg',
  sizeBytes: 200_000,
  ...over,
});
const codes = (d: Draft) => blueskyDescriptor.validate(d).map((v) => `${v.path}:${v.code}`);

describe('the Bluesky descriptor', () => {
  it('describes an app-password connection and credentials that can log in again', () => {
    expect(blueskyDescriptor).toMatchObject({
      id: 'bluesky',
      defaultBaseUrl: 'https://bsky.social',
      connect: { kind: 'app_password', fields: ['service', 'identifier', 'appPassword'] },
    });
    const parsed = blueskyDescriptor.credentials.safeParse({
      service: 'https://bsky.social',
      identifier: 'alice.bsky.social',
      appPassword: 'abcd-efgh-ijkl-mnop',
    });
    expect(parsed.success).toBe(true);
    expect(blueskyDescriptor.credentials.safeParse({ identifier: 'alice' }).success).toBe(false);
  });

  it('accepts a plain post, images without alt text, and a link with images', () => {
    expect(codes(draft())).toEqual([]);
    expect(codes(draft({ media: [image(), image({ id: 'm2', mimeType: 'image/png' })] }))).toEqual([]);
    expect(codes(draft({ link: 'https://example.com', media: [image()] }))).toEqual([]);
  });

  it('reports every problem at once, in plain words', () => {
    const violations = blueskyDescriptor.validate(
      draft({
        text: '🙂'.repeat(301),
        media: [
          image({ sizeBytes: 1_500_000 }),
          image({ mimeType: 'image/bmp' }),
          image(),
          image(),
          image(),
          { id: 'v', mimeType: 'video/mp4', sizeBytes: 5_000_000 },
        ],
        firstComment: 'x'.repeat(301),
        options: { thread: ['fine', 'y'.repeat(301)], langs: ['en', 'it', 'de', 'fr'] },
      }),
    );
    expect(violations.map((v) => `${v.path}:${v.code}`).sort()).toEqual(
      [
        'text:text_too_long',
        'media.0:media_too_large',
        'media.1:unsupported_media_type',
        'media:too_many_images',
        'media:mixed_media',
        'options.thread.1:text_too_long',
        'firstComment:text_too_long',
        'options.langs:too_many_languages',
      ].sort(),
    );
    expect(violations.find((v) => v.path === 'text')?.message).toBe(
      'The text is 301 characters; Bluesky allows 300',
    );
  });

  it('takes one MP4 video up to the lexicon size and 3 minutes, never beside images', () => {
    const video = (over: Partial<MediaInfo> = {}): MediaInfo => ({
      id: 'v',
      mimeType: 'video/mp4',
      sizeBytes: 20_000_000,
      durationSeconds: 60,
      ...over,
    });
    expect(codes(draft({ media: [video()], link: 'https://example.com' }))).toEqual([]);
    expect(
      codes(
        draft({
          media: [
            video({ sizeBytes: 100_000_001, durationSeconds: 181, altText: 'a'.repeat(1001) }),
            video({ mimeType: 'video/webm' }),
            image(),
          ],
        }),
      ).sort(),
    ).toEqual(
      [
        'media.0:media_too_large',
        'media.0:video_too_long',
        'media.0:alt_text_too_long',
        'media.1:unsupported_media_type',
        'media:too_many_videos',
        'media:mixed_media',
      ].sort(),
    );
    const larger = createBlueskyDescriptor({ maxVideoBytes: 300_000_000 });
    expect(larger.validate(draft({ media: [video({ sizeBytes: 200_000_000 })] }))).toEqual([]);
    expect(blueskyDescriptor.capabilities.videos).toMatchObject({ max: 1, mimeTypes: ['video/mp4'] });
  });

  it('counts bytes as well as graphemes', () => {
    expect(codes(draft({ text: '👩‍👩‍👧‍👦'.repeat(150) }))).toEqual(['text:text_too_many_bytes']);
  });

  it('counts the link it appends to the text of a post with images', () => {
    const text = 'a'.repeat(280);
    const link = 'https://example.com/a-long-path';
    expect(codes(draft({ text, link }))).toEqual([]);
    expect(codes(draft({ text, link, media: [image()] }))).toEqual(['text:text_too_long']);
  });

  it('takes the image limit as a setting, for servers that accept 2 MB', () => {
    const big = draft({ media: [image({ sizeBytes: 1_500_000 })] });
    expect(codes(big)).toEqual(['media.0:media_too_large']);
    expect(createBlueskyDescriptor({ maxImageBytes: 2_000_000 }).validate(big)).toEqual([]);
  });

  it('refuses an empty post', () => {
    expect(codes(draft({ text: '  ' }))).toEqual(['text:empty']);
  });
});
