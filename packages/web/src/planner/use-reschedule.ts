import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { PostWithDeliveries } from '../api/types';
import { addDays, civilDate } from '../time/zoned';
import type { PlannerEntry } from './use-planner';

/** Where focus goes once a post moved with the keyboard lands on its new day. */
export interface FocusRequest {
  deliveryId: string;
  on: 'link' | 'button';
}

/** What a calendar view needs to move posts: by drag and drop, the dialog, or Alt+arrow keys. */
export interface Rescheduler {
  /** Posts move to today or later, never into the past. */
  canMoveTo: (day: string) => boolean;
  onDrop: (day: string, dragged: { postId: string; time: string }) => void;
  /** Opens the reschedule dialog; absent for people who cannot move posts. */
  onOpen?: ((entry: PlannerEntry) => void) | undefined;
  /** Alt+arrow: the same time, `days` later (or earlier). */
  onNudge?: ((entry: PlannerEntry, days: number) => void) | undefined;
  focus: FocusRequest | null;
  /** The chip took the focus it was asked to. */
  focused: () => void;
}

/**
 * Every way of moving a post ends in the same call: schedule it at a wall-clock time on the
 * workspace's clock, on all its channels. The outcome is announced in the planner's live region.
 */
export const useReschedule = (options: {
  workspaceId: string;
  zone: string;
  today: string;
  editable: boolean;
}) => {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [editing, setEditing] = useState<PlannerEntry | null>(null);
  const longDate = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' });

  const mutation = useMutation({
    mutationFn: (move: { postId: string; day: string; time: string; focus?: FocusRequest }) =>
      api.schedulePost(options.workspaceId, move.postId, {
        kind: 'at',
        at: `${move.day}T${move.time}`,
        timeZone: options.zone,
      }),
    onSuccess: async (post, move) => {
      queryClient.setQueryData(queryKeys.post(options.workspaceId, post.id), post);
      queryClient.setQueriesData<PostWithDeliveries[]>(
        { queryKey: queryKeys.plannerPosts(options.workspaceId) },
        (posts) => posts?.map((item) => (item.id === post.id ? post : item)),
      );
      setEditing(null);
      setFocus(move.focus ?? null);
      setAnnouncement(t('planner.moved', { date: longDate.format(civilDate(move.day)) }));
      // Other periods may gain or lose the post: they fetch again when shown.
      await queryClient.invalidateQueries({
        queryKey: queryKeys.plannerPosts(options.workspaceId),
        refetchType: 'none',
      });
    },
  });

  const move = (entry: PlannerEntry, day: string, time: string, focusOn?: FocusRequest['on']) => {
    setAnnouncement('');
    mutation.mutate({
      postId: entry.post.id,
      day,
      time,
      ...(focusOn ? { focus: { deliveryId: entry.delivery.id, on: focusOn } } : {}),
    });
  };

  const canMoveTo = (day: string) => day >= options.today;
  const focused = useCallback(() => setFocus(null), []);
  const rescheduler: Rescheduler = {
    canMoveTo,
    onDrop: (day, dragged) => {
      setAnnouncement('');
      mutation.mutate({ postId: dragged.postId, day, time: dragged.time });
    },
    onOpen: options.editable
      ? (entry) => {
          mutation.reset();
          setEditing(entry);
        }
      : undefined,
    onNudge: options.editable
      ? (entry, days) => {
          const day = addDays(entry.day, days);
          if (!canMoveTo(day)) {
            setAnnouncement(t('planner.reschedule.notInPast'));
            return;
          }
          move(entry, day, entry.time, 'link');
        }
      : undefined,
    focus,
    focused,
  };

  return {
    rescheduler,
    announcement,
    /** The post whose dialog is open, if any. */
    editing,
    closeDialog: () => {
      mutation.reset();
      setEditing(null);
    },
    submitDialog: (day: string, time: string) => {
      if (editing) move(editing, day, time, 'button');
    },
    pending: mutation.isPending,
    error: mutation.error,
  };
};
