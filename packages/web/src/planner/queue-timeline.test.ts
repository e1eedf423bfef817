import { describe, expect, it } from 'vitest';
import type { QueuedItem } from '../api/types';
import { moveInQueue, queueTimeline } from './queue-timeline';

const item = (id: string, dueAt: string): QueuedItem => ({
  deliveryId: id,
  postId: `post-${id}`,
  text: `Post ${id}`,
  dueAt,
});
const a = item('a', '2031-07-01T07:30:00.000Z');
const b = item('b', '2031-07-03T07:30:00.000Z');

describe("a channel's queue as a timeline", () => {
  it('places the free slots between and after the queued posts, by time', () => {
    const rows = queueTimeline(
      [a, b],
      ['2031-07-04T07:30:00.000Z', '2031-07-02T07:30:00.000Z', '2031-07-05T07:30:00.000Z'],
    );
    expect(
      rows.map((row) => (row.kind === 'post' ? row.item.deliveryId : `free ${row.at.slice(0, 10)}`)),
    ).toEqual(['a', 'free 2031-07-02', 'b', 'free 2031-07-04', 'free 2031-07-05']);
    expect(rows.filter((row) => row.kind === 'post').map((row) => row.position)).toEqual([0, 1]);
  });

  it('keeps a paused queue’s order even when its slots have passed, free slots after', () => {
    const stale = [item('x', '2020-01-02T10:00:00.000Z'), item('y', '2020-01-01T10:00:00.000Z')];
    const rows = queueTimeline(stale, ['2031-07-02T07:30:00.000Z']);
    expect(rows.map((row) => row.kind)).toEqual(['post', 'post', 'free']);
    expect(rows[0]).toMatchObject({ kind: 'post', item: { deliveryId: 'x' } });
  });

  it('an empty queue is its free slots', () => {
    expect(queueTimeline([], ['2031-07-02T07:30:00.000Z'])).toEqual([
      { kind: 'free', at: '2031-07-02T07:30:00.000Z' },
    ]);
  });
});

describe('moving a post in the queue', () => {
  const c = item('c', '2031-07-05T07:30:00.000Z');
  it('swaps it with its neighbour', () => {
    expect(moveInQueue([a, b, c], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moveInQueue([a, b, c], 'b', 1)).toEqual(['a', 'c', 'b']);
  });
  it('leaves the order alone at either end or for a post not in the queue', () => {
    expect(moveInQueue([a, b, c], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(moveInQueue([a, b, c], 'c', 1)).toEqual(['a', 'b', 'c']);
    expect(moveInQueue([a, b, c], 'zzz', 1)).toEqual(['a', 'b', 'c']);
  });
});
