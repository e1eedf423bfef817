import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notice } from '../api/types';
import { useFormatInstant } from '../i18n/format-date';
import { Link, paths } from '../routing/router';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { NEEDS_RECONNECT, useMarkNoticesRead, useUnreadNotices } from './use-notices';

/** The workspace's unread notices behind a bell; a disclosure, like the account menu. */
export const NoticesBell = ({ workspaceId }: { workspaceId: string }) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const titleId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const notices = useUnreadNotices(workspaceId);
  const markRead = useMarkNoticesRead(workspaceId);
  const items = notices.data?.items ?? [];
  const count = items.length;
  const more = notices.data?.nextCursor ? '+' : '';

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const toggle = () => {
    if (!open) void notices.refetch();
    setOpen((value) => !value);
  };

  return (
    <div className="notices" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="notices-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={toggle}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" width="20" height="20" className="icon">
          <path
            d="M10 3a5 5 0 00-5 5v3.2L3.5 14h13L15 11.2V8a5 5 0 00-5-5zM8 16.5a2 2 0 004 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinejoin="round"
          />
        </svg>
        <span className="visually-hidden">
          {count > 0 ? t('notices.buttonUnread', { unread: `${count}${more}` }) : t('notices.button')}
        </span>
        {count > 0 ? (
          <span className="notices-count" aria-hidden="true">
            {count}
            {more}
          </span>
        ) : null}
      </button>
      <section id={panelId} className="notices-panel" aria-labelledby={titleId} hidden={!open}>
        <div className="notices-panel-head">
          <h2 className="notices-title" id={titleId}>
            {t('notices.title')}
          </h2>
          {count > 1 ? (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={markRead.isPending}
              onClick={() => markRead.mutate(items.map(({ id }) => id))}
            >
              {t('notices.markAllRead')}
            </button>
          ) : null}
        </div>
        {notices.isError ? <FormAlert message={t('notices.loadFailed')} /> : null}
        {markRead.isError ? <FormAlert message={describeError(t, markRead.error)} /> : null}
        {notices.isSuccess && count === 0 ? <p className="muted">{t('notices.none')}</p> : null}
        {count > 0 ? (
          <ul className="notices-list">
            {items.map((notice) => (
              <NoticeItem
                key={notice.id}
                notice={notice}
                workspaceId={workspaceId}
                busy={markRead.isPending}
                onRead={() => markRead.mutate([notice.id])}
                onFollow={() => setOpen(false)}
              />
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
};

const NoticeItem = (props: {
  notice: Notice;
  workspaceId: string;
  busy: boolean;
  onRead: () => void;
  onFollow: () => void;
}) => {
  const { t } = useTranslation();
  const formatInstant = useFormatInstant();
  const { notice } = props;
  const reconnect = notice.kind === NEEDS_RECONNECT;
  return (
    <li className="notices-item">
      <p className="notices-item-title">{reconnect ? t('notices.needsReconnect') : t('notices.other')}</p>
      {/* The server words the details; they stay in its language until notices carry data. */}
      <p className="notices-item-message">{notice.message}</p>
      <p className="muted notices-item-time">{formatInstant(notice.createdAt)}</p>
      <div className="notices-item-actions">
        {reconnect ? (
          <Link href={paths.channels(props.workspaceId)} onClick={props.onFollow}>
            {t('notices.openChannels')}
          </Link>
        ) : null}
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-label={t('notices.markReadLabel', { message: notice.message })}
          disabled={props.busy}
          onClick={props.onRead}
        >
          {t('notices.markRead')}
        </button>
      </div>
    </li>
  );
};
