import { describe, expect, it } from 'vitest';
import type { Delivery, DeliveryMetrics } from '../api/types';
import { total } from './post-metrics';

const delivery = (metrics: Partial<DeliveryMetrics> | null): Delivery => ({
  id: 'd',
  postId: 'p',
  channelId: 'c',
  state: 'published',
  dueAt: null,
  attempts: 1,
  remoteId: 'r',
  remoteUrl: null,
  failureClass: null,
  failureReason: null,
  publishedAt: '2026-11-26T10:00:00.000Z',
  metrics: metrics && {
    likes: 0,
    comments: 0,
    shares: 0,
    impressions: null,
    clicks: null,
    engagement: 0,
    fetchedAt: '2026-11-26T11:00:00.000Z',
    ...metrics,
  },
});

describe('the reactions total', () => {
  it('adds what the channels report, and leaves out channels not read yet', () => {
    const all = [delivery({ likes: 3, impressions: 100 }), delivery({ likes: 4 }), delivery(null)];
    expect(total(all, 'likes')).toBe(7);
    // Views only from the network that reports them: a sum, not a guess for the others.
    expect(total(all, 'impressions')).toBe(100);
  });

  it('has no total for a number no channel reports', () => {
    expect(total([delivery({ likes: 1 }), delivery(null)], 'clicks')).toBeNull();
    expect(total([], 'likes')).toBeNull();
  });
});
