import { type KeyboardEvent, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, Network } from '../api/types';
import { networkName } from '../channels/networks';
import { CharCounter } from './char-counter';
import type { PlacedError } from './composer-errors';
import { type ComposerDraft, textFor } from './composer-state';
import { ChannelComment, CommonComment } from './first-comment-field';
import { OverrideField } from './override-field';

const COMMON = 'common';

/**
 * The common text and first comment, and one tab per chosen channel where different ones can
 * replace them (WAI-ARIA tabs: arrows move between tabs, Tab goes into the panel).
 */
export const TextTabs = (props: {
  draft: ComposerDraft;
  channels: Channel[];
  networks: readonly Network[] | undefined;
  tab: string;
  onTab: (tab: string) => void;
  onText: (text: string) => void;
  onOverride: (channelId: string, text: string | undefined) => void;
  onComment: (firstComment: string) => void;
  onCommentOverride: (channelId: string, comment: string | undefined) => void;
  errors: PlacedError[];
}) => {
  const { t } = useTranslation();
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const { draft, channels } = props;
  const current = channels.find((channel) => channel.id === props.tab);
  const tabs = [COMMON, ...channels.map((channel) => channel.id)];
  const problemsOf = (channelId: string | null, field: 'text' | 'comment') =>
    props.errors.filter((error) => error.channelId === channelId && error.field === field);

  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.indexOf(current ? current.id : COMMON);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length] ?? COMMON;
    props.onTab(next);
    listRef.current?.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus();
  };

  const tabButton = (id: string, label: string) => {
    const selected = (current ? current.id : COMMON) === id;
    const channelId = id === COMMON ? null : id;
    const problems = problemsOf(channelId, 'text').length + problemsOf(channelId, 'comment').length;
    const overridden = id !== COMMON && draft.overrides[id] !== undefined;
    return (
      <button
        key={id}
        type="button"
        role="tab"
        id={`${baseId}-tab-${id}`}
        data-tab={id}
        aria-selected={selected}
        aria-controls={`${baseId}-panel`}
        tabIndex={selected ? 0 : -1}
        className={problems > 0 ? 'tab tab-invalid' : 'tab'}
        onClick={() => props.onTab(id)}
      >
        {label}
        {overridden ? <span className="tab-mark">{t('composer.ownText')}</span> : null}
        {problems > 0 ? (
          <span className="tab-mark tab-mark-error">{t('composer.problems', { count: problems })}</span>
        ) : null}
      </button>
    );
  };

  const channelLabel = (channel: Channel) =>
    `${channel.name} (${networkName(props.networks, channel.network)})`;
  const textErrors = problemsOf(current ? current.id : null, 'text');
  const commentErrors = problemsOf(current ? current.id : null, 'comment');
  const errorId = `${baseId}-error`;
  const commentErrorId = `${baseId}-comment-error`;
  return (
    <div className="text-tabs">
      <div
        role="tablist"
        aria-label={t('composer.textTabs')}
        className="tablist"
        ref={listRef}
        onKeyDown={onKeyDown}
      >
        {tabButton(COMMON, t('composer.allChannels'))}
        {channels.map((channel) => tabButton(channel.id, channel.name))}
      </div>
      <div
        role="tabpanel"
        id={`${baseId}-panel`}
        aria-labelledby={`${baseId}-tab-${current ? current.id : COMMON}`}
        className="tabpanel"
      >
        {current ? (
          <ChannelText
            channel={current}
            label={channelLabel(current)}
            draft={draft}
            onOverride={props.onOverride}
            errorId={textErrors.length > 0 ? errorId : undefined}
          />
        ) : (
          <CommonText
            draft={draft}
            onText={props.onText}
            errorId={textErrors.length > 0 ? errorId : undefined}
          />
        )}
        {textErrors.length > 0 ? (
          <ul className="field-error composer-errors" id={errorId}>
            {textErrors.map((error) => (
              <li key={error.message}>{error.message}</li>
            ))}
          </ul>
        ) : null}
        <ul className="counters" aria-label={t('composer.counters')}>
          {(current
            ? [current]
            : channels.filter((channel) => draft.overrides[channel.id] === undefined)
          ).map((channel) => (
            <CharCounter
              key={channel.id}
              label={channelLabel(channel)}
              network={channel.network}
              text={textFor(draft, channel.id)}
            />
          ))}
        </ul>
        {current ? (
          <ChannelComment
            channel={current}
            label={channelLabel(current)}
            networks={props.networks}
            draft={draft}
            onOverride={props.onCommentOverride}
            errorId={commentErrors.length > 0 ? commentErrorId : undefined}
          />
        ) : (
          <CommonComment
            draft={draft}
            channels={channels}
            networks={props.networks}
            onChange={props.onComment}
            errorId={commentErrors.length > 0 ? commentErrorId : undefined}
          />
        )}
        {commentErrors.length > 0 ? (
          <ul className="field-error composer-errors" id={commentErrorId}>
            {commentErrors.map((error) => (
              <li key={error.message}>{error.message}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
};

const CommonText = (props: {
  draft: ComposerDraft;
  onText: (text: string) => void;
  errorId: string | undefined;
}) => {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {t('composer.text')}
      </label>
      <textarea
        id={id}
        className="input textarea"
        rows={7}
        value={props.draft.text}
        onChange={(event) => props.onText(event.target.value)}
        aria-invalid={props.errorId ? true : undefined}
        aria-describedby={props.errorId}
      />
    </div>
  );
};

const ChannelText = (props: {
  channel: Channel;
  label: string;
  draft: ComposerDraft;
  onOverride: (channelId: string, text: string | undefined) => void;
  errorId: string | undefined;
}) => {
  const { t } = useTranslation();
  return (
    <OverrideField
      label={t('composer.textFor', { channel: props.label })}
      value={textFor(props.draft, props.channel.id)}
      rows={7}
      own={props.draft.overrides[props.channel.id] !== undefined}
      ownHint={t('composer.ownTextHint')}
      commonHint={t('composer.commonTextHint')}
      resetLabel={t('composer.useCommonText')}
      errorId={props.errorId}
      onChange={(value) => props.onOverride(props.channel.id, value)}
    />
  );
};
