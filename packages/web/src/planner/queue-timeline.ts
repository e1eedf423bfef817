import type { QueuedItem } from '../api/types';

/** One line of a channel's queue: a queued post at the slot it holds, or a slot nobody holds yet. */
export type QueueRow =
  | { kind: 'post'; item: QueuedItem; at: string; position: number }
  | { kind: 'free'; at: string };

/**
 * The queue as a timeline: the queued posts in their order (the order the server publishes
 * them in) with the free slots placed between and after them by time.
 */
export const queueTimeline = (items: readonly QueuedItem[], free: readonly string[]): QueueRow[] => {
  const rows: QueueRow[] = [];
  const slots = [...free].sort((a, b) => Date.parse(a) - Date.parse(b));
  let next = 0;
  items.forEach((item, position) => {
    while (next < slots.length && Date.parse(slots[next]!) < Date.parse(item.dueAt)) {
      rows.push({ kind: 'free', at: slots[next++]! });
    }
    rows.push({ kind: 'post', item, at: item.dueAt, position });
  });
  for (; next < slots.length; next++) rows.push({ kind: 'free', at: slots[next]! });
  return rows;
};

/** The queue's order with one post moved a place earlier (-1) or later (+1). */
export const moveInQueue = (items: readonly QueuedItem[], deliveryId: string, by: -1 | 1): string[] => {
  const ids = items.map((item) => item.deliveryId);
  const from = ids.indexOf(deliveryId);
  const to = from + by;
  if (from < 0 || to < 0 || to >= ids.length) return ids;
  [ids[from], ids[to]] = [ids[to]!, ids[from]!];
  return ids;
};
