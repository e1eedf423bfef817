import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, Network } from '../api/types';
import { findNetwork, networkName } from '../channels/networks';
import { type ComposerDraft, commentFor } from './composer-state';
import { OverrideField } from './override-field';

/**
 * Whether a channel's network posts first comments (its descriptor's `capabilities.firstComment`,
 * GET /networks). Until the list has loaded, no channel is said to lack them.
 */
export const takesFirstComment = (networks: readonly Network[] | undefined, channel: Channel): boolean =>
  networks === undefined || findNetwork(networks, channel.network)?.capabilities['firstComment'] !== false;

/** The channels of a draft that will be published without a first comment. */
export const commentlessChannels = (networks: readonly Network[] | undefined, channels: readonly Channel[]) =>
  new Set(channels.filter((channel) => !takesFirstComment(networks, channel)).map((channel) => channel.id));

const NoCommentNote = (props: { channel: Channel; networks: readonly Network[] | undefined }) => {
  const { t } = useTranslation();
  return (
    <li>
      {t('composer.firstComment.unsupported', {
        network: networkName(props.networks, props.channel.network),
        channel: props.channel.name,
      })}
    </li>
  );
};

/** The first comment every channel posts, and which chosen channels cannot post one. */
export const CommonComment = (props: {
  draft: ComposerDraft;
  channels: readonly Channel[];
  networks: readonly Network[] | undefined;
  onChange: (firstComment: string) => void;
  errorId: string | undefined;
}) => {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const without = props.channels.filter((channel) => !takesFirstComment(props.networks, channel));
  return (
    <div className="field composer-comment">
      <label className="field-label" htmlFor={id}>
        {t('composer.firstComment.label')}
      </label>
      <textarea
        id={id}
        className="input textarea"
        rows={2}
        value={props.draft.firstComment}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.errorId ? true : undefined}
        aria-describedby={[props.errorId, hintId].filter(Boolean).join(' ')}
      />
      <p className="field-hint" id={hintId}>
        {t('composer.firstComment.hint')}
      </p>
      {without.length > 0 ? (
        <ul className="notice composer-comment-notes">
          {without.map((channel) => (
            <NoCommentNote key={channel.id} channel={channel} networks={props.networks} />
          ))}
        </ul>
      ) : null}
    </div>
  );
};

/** A channel's own first comment, or why it has none. */
export const ChannelComment = (props: {
  channel: Channel;
  label: string;
  networks: readonly Network[] | undefined;
  draft: ComposerDraft;
  onOverride: (channelId: string, comment: string | undefined) => void;
  errorId: string | undefined;
}) => {
  const { t } = useTranslation();
  if (!takesFirstComment(props.networks, props.channel)) {
    return (
      <ul className="notice composer-comment-notes">
        <NoCommentNote channel={props.channel} networks={props.networks} />
      </ul>
    );
  }
  return (
    <OverrideField
      className="composer-comment"
      label={t('composer.firstComment.labelFor', { channel: props.label })}
      value={commentFor(props.draft, props.channel.id)}
      rows={2}
      own={props.draft.commentOverrides[props.channel.id] !== undefined}
      ownHint={t('composer.firstComment.ownHint')}
      commonHint={t('composer.firstComment.commonHint')}
      resetLabel={t('composer.firstComment.useCommon')}
      errorId={props.errorId}
      onChange={(value) => props.onOverride(props.channel.id, value)}
    />
  );
};
