import { describe, expect, it } from 'vitest';
import type { Delivery, DeliveryState, MediaAsset, PostWithDeliveries, Variant } from '../api/types';
import { toPostInput, toPostPatch } from './composer-state';
import { draftFromPost, inFlightChannels, scheduleStep } from './post-draft';

const WS = '00000000-0000-4000-8000-000000000001';
const ROME = 'Europe/Rome';
const fallback = { zone: ROME, at: '2026-06-01T10:00' };

const variant = (channelId: string, patch: Partial<Variant> = {}): Variant => ({
  channelId,
  text: null,
  media: null,
  link: null,
  firstComment: null,
  options: {},
  ...patch,
});

const delivery = (channelId: string, state: DeliveryState, dueAt: string | null = null): Delivery => ({
  id: `d-${channelId}-${state}`,
  postId: 'p1',
  channelId,
  state,
  dueAt,
  attempts: 0,
  remoteId: null,
  remoteUrl: null,
  failureClass: null,
  failureReason: null,
  publishedAt: null,
});

const post = (patch: Partial<PostWithDeliveries> = {}): PostWithDeliveries => ({
  id: 'p1',
  workspaceId: WS,
  authorId: 'u1',
  text: 'Hello from Araldo',
  media: [],
  link: null,
  firstComment: null,
  campaign: null,
  status: 'draft',
  variants: [variant('mastodon'), variant('bluesky')],
  createdAt: '2026-05-01T08:00:00.000Z',
  updatedAt: '2026-05-01T08:00:00.000Z',
  schedule: null,
  review: null,
  deliveries: [],
  ...patch,
});

const asset = (id: string): MediaAsset => ({
  id,
  workspaceId: WS,
  filename: `${id}.png`,
  mimeType: 'image/png',
  sizeBytes: 1000,
  sha256: id,
  createdAt: '2026-05-01T08:00:00.000Z',
});

describe('opening a post in the composer', () => {
  it('opens a draft with its text, channels, overrides, link, media and first comments', () => {
    const draft = post({
      link: 'https://example.org',
      firstComment: 'Sources in the thread',
      media: ['m2', 'm1'],
      variants: [
        variant('mastodon', { text: 'Hello, fediverse', firstComment: 'Toot sources' }),
        variant('bluesky'),
      ],
    });
    const { draft: state, baseline } = draftFromPost(draft, [asset('m1'), asset('m2')], fallback);
    expect(state).toMatchObject({
      text: 'Hello from Araldo',
      channelIds: ['mastodon', 'bluesky'],
      overrides: { mastodon: 'Hello, fediverse' },
      link: 'https://example.org',
      firstComment: 'Sources in the thread',
      commentOverrides: { mastodon: 'Toot sources' },
      when: 'draft',
      zone: ROME,
      at: '2026-06-01T10:00',
      kept: {},
    });
    expect(state.media.map((file) => file.id)).toEqual(['m2', 'm1']);
    expect(baseline).toEqual({ postId: 'p1', active: false, schedule: undefined });
  });

  it('reads an empty first comment on a channel as "none", not as a comment of its own', () => {
    const { draft } = draftFromPost(
      post({ firstComment: 'Hi', variants: [variant('pinterest', { firstComment: '' })] }),
      [],
      fallback,
    );
    expect(draft.commentOverrides).toEqual({});
  });

  it('opens a scheduled post at its time, on the clock it was set in', () => {
    const scheduled = post({
      status: 'scheduled',
      schedule: { kind: 'at', local: '2026-07-14T18:30', zone: 'America/New_York', dueAt: 1 },
      deliveries: [delivery('mastodon', 'scheduled'), delivery('bluesky', 'scheduled')],
    });
    const { draft, baseline } = draftFromPost(scheduled, [], fallback);
    expect(draft).toMatchObject({ when: 'at', at: '2026-07-14T18:30', zone: 'America/New_York' });
    expect(baseline.schedule).toEqual({ kind: 'at', at: '2026-07-14T18:30', timeZone: 'America/New_York' });
  });

  it('opens a post moved in the planner (an instant) at that instant on the workspace’s clock', () => {
    const moved = post({
      status: 'scheduled',
      schedule: {
        kind: 'instant',
        at: Date.parse('2026-07-14T16:30:00Z'),
        dueAt: Date.parse('2026-07-14T16:30:00Z'),
      },
      deliveries: [delivery('mastodon', 'scheduled')],
    });
    expect(draftFromPost(moved, [], fallback).draft).toMatchObject({
      when: 'at',
      at: '2026-07-14T18:30',
      zone: ROME,
    });
  });

  it('opens a recurring post with its rule, even between two occurrences', () => {
    const recurring = post({
      status: 'published',
      schedule: {
        kind: 'recurring',
        rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;BYHOUR=8;BYMINUTE=0',
        start: '2026-06-02T08:00',
        zone: ROME,
        dueAt: 1,
      },
      deliveries: [delivery('mastodon', 'published')],
    });
    const { draft, baseline } = draftFromPost(recurring, [], fallback);
    expect(draft.when).toBe('recurring');
    expect(draft.recurrence).toMatchObject({
      frequency: 'weekly',
      weekdays: [2],
      time: '08:00',
      custom: null,
    });
    expect(baseline).toMatchObject({
      active: true,
      schedule: { kind: 'recurring', start: '2026-06-02T08:00' },
    });
    // An edit alone keeps the recurrence (the server keeps its instants); a new rule is sent.
    expect(scheduleStep(baseline, { ...draft, text: 'Edited' })).toEqual({ kind: 'keep' });
    expect(
      scheduleStep(baseline, { ...draft, recurrence: { ...draft.recurrence, time: '09:30' } }),
    ).toMatchObject({ kind: 'schedule', schedule: { kind: 'recurring' } });
  });

  it('opens an unscheduled post that was once scheduled as a draft, with that time filled in', () => {
    const withdrawn = post({
      status: 'rejected',
      schedule: { kind: 'at', local: '2026-07-14T18:30', zone: ROME, dueAt: 1 },
      deliveries: [delivery('mastodon', 'draft')],
    });
    const { draft, baseline } = draftFromPost(withdrawn, [], fallback);
    expect(draft).toMatchObject({ when: 'draft', at: '2026-07-14T18:30' });
    expect(baseline.active).toBe(false);
  });

  it('names the channels being published right now', () => {
    const busy = post({ deliveries: [delivery('mastodon', 'publishing'), delivery('bluesky', 'scheduled')] });
    expect(inFlightChannels(busy)).toEqual(['mastodon']);
  });
});

describe('saving an edited post', () => {
  it('sends back what it loaded, including variant parts the composer does not edit', () => {
    const loaded = post({
      link: 'https://example.org',
      firstComment: 'Sources',
      media: ['m1'],
      variants: [
        variant('mastodon', { text: 'Own text', options: { visibility: 'unlisted' } }),
        variant('bluesky', { link: 'https://bsky.example' }),
      ],
    });
    const { draft } = draftFromPost(loaded, [asset('m1')], fallback);
    expect(toPostPatch(draft)).toEqual({
      text: 'Hello from Araldo',
      channelIds: ['mastodon', 'bluesky'],
      media: ['m1'],
      link: 'https://example.org',
      firstComment: 'Sources',
      variants: [
        {
          channelId: 'mastodon',
          text: 'Own text',
          firstComment: null,
          media: null,
          link: null,
          options: { visibility: 'unlisted' },
        },
        {
          channelId: 'bluesky',
          text: null,
          firstComment: null,
          media: null,
          link: 'https://bsky.example',
          options: {},
        },
      ],
      evergreen: null,
    });
  });

  it('keeps an evergreen rule, and drops it for a post that now recurs', () => {
    const { draft } = draftFromPost(post({ evergreen: { afterDays: 45, maxTimes: 2 } }), [], fallback);
    expect(draft.evergreen).toEqual({ on: true, afterDays: 45, maxTimes: 2 });
    expect(toPostPatch(draft).evergreen).toEqual({ afterDays: 45, maxTimes: 2 });
    expect(toPostPatch({ ...draft, when: 'recurring' }).evergreen).toBeNull();
    expect(toPostPatch({ ...draft, evergreen: { ...draft.evergreen, on: false } }).evergreen).toBeNull();
  });

  it('clears on the server what was cleared in the composer', () => {
    const { draft } = draftFromPost(post({ link: 'https://example.org', firstComment: 'Hi' }), [], fallback);
    const patch = toPostPatch({ ...draft, link: '  ', firstComment: '' });
    expect(patch).toMatchObject({ link: null, firstComment: null, variants: [] });
  });

  it('gives channels whose network has no first comments an empty one, so the post still fits them', () => {
    const { draft } = draftFromPost(post({ firstComment: 'Hi' }), [], fallback);
    expect(toPostInput(draft, new Set(['bluesky'])).variants).toEqual([
      { channelId: 'bluesky', text: null, firstComment: '', media: null, link: null, options: {} },
    ]);
    expect(toPostInput({ ...draft, firstComment: '' }, new Set(['bluesky'])).variants).toEqual([]);
  });

  it('leaves a scheduled post’s time alone unless it was changed', () => {
    const scheduled = post({
      status: 'scheduled',
      schedule: { kind: 'at', local: '2026-07-14T18:30', zone: ROME, dueAt: 1 },
      deliveries: [delivery('mastodon', 'scheduled')],
    });
    const { draft, baseline } = draftFromPost(scheduled, [], fallback);
    expect(scheduleStep(baseline, { ...draft, text: 'Changed' })).toEqual({ kind: 'keep' });
    expect(scheduleStep(baseline, { ...draft, at: '2026-07-15T09:00' })).toEqual({
      kind: 'schedule',
      schedule: { kind: 'at', at: '2026-07-15T09:00', timeZone: ROME },
    });
    expect(scheduleStep(baseline, { ...draft, when: 'draft' })).toEqual({ kind: 'unschedule' });
  });

  it('schedules a draft when a time is chosen, and leaves it a draft otherwise', () => {
    const { draft, baseline } = draftFromPost(post(), [], fallback);
    expect(scheduleStep(baseline, draft)).toEqual({ kind: 'keep' });
    expect(scheduleStep(baseline, { ...draft, when: 'queue' })).toEqual({
      kind: 'schedule',
      schedule: { kind: 'queue' },
    });
  });
});
