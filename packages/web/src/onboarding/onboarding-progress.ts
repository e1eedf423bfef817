import type { Channel, Delivery, DeliveryState, PostWithDeliveries, Role } from '../api/types';

/**
 * A newcomer's first five minutes, read from what the server holds rather than from clicks
 * remembered in this browser: a channel exists, a post left the drafts, a delivery went out.
 */
export type StepId = 'channel' | 'post' | 'publish';
export const STEPS: readonly StepId[] = ['channel', 'post', 'publish'];

/** A delivery in any of these states was never sent on its way; every other one was. */
const NOT_SENT: readonly DeliveryState[] = ['draft', 'awaiting_approval', 'cancelled'];

export interface OnboardingProgress {
  done: Record<StepId, boolean>;
  doneCount: number;
  complete: boolean;
  /** The first step not done yet; null once all are. */
  current: StepId | null;
  /** The channel the composer starts with: the sandbox when there is one, it answers at once. */
  suggestedChannel: Channel | null;
  /** The newest post that was scheduled or sent, and the delivery to watch. */
  sentPost: { post: PostWithDeliveries; delivery: Delivery } | null;
  /** The newest post with a published delivery. */
  publishedPost: { post: PostWithDeliveries; delivery: Delivery } | null;
}

const firstDelivery = (
  posts: readonly PostWithDeliveries[],
  matches: (delivery: Delivery) => boolean,
): { post: PostWithDeliveries; delivery: Delivery } | null => {
  for (const post of posts) {
    const delivery = post.deliveries.find(matches);
    if (delivery) return { post, delivery };
  }
  return null;
};

/** `posts` newest first, as GET /posts answers. */
export const onboardingProgress = (
  channels: readonly Channel[],
  posts: readonly PostWithDeliveries[],
): OnboardingProgress => {
  const usable = channels.filter((channel) => channel.status !== 'disabled');
  const suggestedChannel = usable.find((channel) => channel.network === 'sandbox') ?? usable[0] ?? null;
  const sentPost = firstDelivery(posts, (delivery) => !NOT_SENT.includes(delivery.state));
  const publishedPost = firstDelivery(posts, (delivery) => delivery.state === 'published');
  const done: Record<StepId, boolean> = {
    channel: channels.length > 0,
    post: sentPost !== null,
    publish: publishedPost !== null,
  };
  const doneCount = STEPS.filter((step) => done[step]).length;
  return {
    done,
    doneCount,
    complete: doneCount === STEPS.length,
    current: STEPS.find((step) => !done[step]) ?? null,
    suggestedChannel,
    sentPost,
    publishedPost,
  };
};

/** What this browser remembers of the guide for one workspace. */
export type GuideMemory = 'seen' | 'dismissed' | 'finished' | null;

export type GuideView = 'hidden' | 'loading' | 'guide' | 'congratulate';

/**
 * Whether the guide shows. Viewers cannot act on any step, so they never see it. Dismissed
 * or finished, it stays away. A workspace found complete by someone who never saw the guide
 * (an established workspace) gets no congratulation; one completed after the guide was seen does.
 */
export const guideView = (
  role: Role,
  memory: GuideMemory,
  progress: OnboardingProgress | undefined,
): GuideView => {
  if (role === 'viewer' || memory === 'dismissed' || memory === 'finished') return 'hidden';
  if (!progress) return 'loading';
  if (!progress.complete) return 'guide';
  return memory === 'seen' ? 'congratulate' : 'hidden';
};
