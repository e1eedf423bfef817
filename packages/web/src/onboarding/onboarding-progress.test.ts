import { describe, expect, it } from 'vitest';
import type { Channel, Delivery, DeliveryState, PostWithDeliveries } from '../api/types';
import { guideView, onboardingProgress } from './onboarding-progress';

const channel = (id: string, network: Channel['network'], status: Channel['status'] = 'active'): Channel => ({
  id,
  workspaceId: 'w1',
  network,
  name: `${network} ${id}`,
  accountId: id,
  accountHandle: null,
  timeZone: 'Europe/Rome',
  status,
  settings: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const post = (id: string, ...states: DeliveryState[]): PostWithDeliveries => ({
  id,
  workspaceId: 'w1',
  authorId: 'u1',
  text: `Post ${id}`,
  media: [],
  link: null,
  firstComment: null,
  campaign: null,
  status: 'draft',
  variants: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  schedule: null,
  review: null,
  deliveries: states.map(
    (state, index): Delivery => ({
      id: `${id}-d${index}`,
      postId: id,
      channelId: 'c1',
      state,
      dueAt: null,
      attempts: 0,
      remoteId: null,
      remoteUrl: null,
      failureClass: null,
      failureReason: null,
      publishedAt: null,
    }),
  ),
});

describe('the first-steps guide reads its progress from the server', () => {
  it('an empty workspace is at the first step, with nothing to suggest', () => {
    const progress = onboardingProgress([], []);
    expect(progress.done).toEqual({ channel: false, post: false, publish: false });
    expect(progress.current).toBe('channel');
    expect(progress.doneCount).toBe(0);
    expect(progress.suggestedChannel).toBeNull();
  });

  it('a connected channel ticks the first step and is suggested for the first post', () => {
    const progress = onboardingProgress([channel('c1', 'mastodon')], []);
    expect(progress.done.channel).toBe(true);
    expect(progress.current).toBe('post');
    expect(progress.suggestedChannel?.id).toBe('c1');
  });

  it('the sandbox is suggested before any real network, and a paused channel never', () => {
    const channels = [
      channel('c1', 'sandbox', 'disabled'),
      channel('c2', 'bluesky'),
      channel('c3', 'sandbox'),
    ];
    expect(onboardingProgress(channels, []).suggestedChannel?.id).toBe('c3');
    expect(onboardingProgress([channel('c1', 'sandbox', 'disabled')], []).suggestedChannel).toBeNull();
  });

  it('drafts, posts awaiting approval and cancelled ones do not count as scheduled', () => {
    const progress = onboardingProgress(
      [channel('c1', 'sandbox')],
      [post('p1', 'draft'), post('p2', 'awaiting_approval'), post('p3', 'cancelled'), post('p4')],
    );
    expect(progress.done.post).toBe(false);
    expect(progress.sentPost).toBeNull();
  });

  it.each<DeliveryState>([
    'scheduled',
    'publishing',
    'retrying',
    'unknown',
    'needs_reconnect',
    'held',
    'failed',
  ])('a delivery %s ticks the second step but not the third', (state) => {
    const progress = onboardingProgress([channel('c1', 'sandbox')], [post('p1', state)]);
    expect(progress.done).toEqual({ channel: true, post: true, publish: false });
    expect(progress.current).toBe('publish');
    expect(progress.sentPost?.delivery.state).toBe(state);
  });

  it('one published delivery completes the guide and names the newest such post', () => {
    const progress = onboardingProgress(
      [channel('c1', 'sandbox')],
      [post('p3', 'scheduled'), post('p2', 'failed', 'published'), post('p1', 'published')],
    );
    expect(progress.complete).toBe(true);
    expect(progress.current).toBeNull();
    expect(progress.doneCount).toBe(3);
    expect(progress.publishedPost?.post.id).toBe('p2');
    expect(progress.sentPost?.post.id).toBe('p3');
  });

  it('a post published on a channel since removed still counts, while the first step waits again', () => {
    const progress = onboardingProgress([], [post('p1', 'published')]);
    expect(progress.done).toEqual({ channel: false, post: true, publish: true });
    expect(progress.complete).toBe(false);
    expect(progress.current).toBe('channel');
  });
});

describe('whether the guide shows', () => {
  const fresh = onboardingProgress([], []);
  const complete = onboardingProgress([channel('c1', 'sandbox')], [post('p1', 'published')]);

  it('shows while the workspace has steps left, once its progress is known', () => {
    expect(guideView('owner', null, undefined)).toBe('loading');
    expect(guideView('owner', null, fresh)).toBe('guide');
    expect(guideView('contributor', 'seen', fresh)).toBe('guide');
  });

  it('never shows to a viewer, who can act on none of the steps', () => {
    expect(guideView('viewer', null, fresh)).toBe('hidden');
  });

  it('stays away once dismissed or finished, whatever the progress', () => {
    for (const memory of ['dismissed', 'finished'] as const) {
      expect(guideView('owner', memory, undefined)).toBe('hidden');
      expect(guideView('owner', memory, fresh)).toBe('hidden');
    }
  });

  it('congratulates when the steps were seen, and stays quiet for a workspace already under way', () => {
    expect(guideView('owner', 'seen', complete)).toBe('congratulate');
    expect(guideView('owner', null, complete)).toBe('hidden');
  });
});
