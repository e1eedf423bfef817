import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { WorkspaceWithRole } from '../api/types';
import { findNetwork, useNetworks } from '../channels/networks';
import { useConnectChannel } from '../channels/use-connect';
import { useFormatInZone } from '../i18n/format-date';
import { canManageChannels } from '../members/roles';
import { excerpt } from '../posts/delivery-badge';
import { Link, paths } from '../routing/router';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { AudienceReactions } from './audience-reactions';
import { type OnboardingProgress, STEPS, type StepId } from './onboarding-progress';
import type { Onboarding } from './use-onboarding';
import './onboarding.css';

const TITLES = {
  channel: 'onboarding.channelTitle',
  post: 'onboarding.postTitle',
  publish: 'onboarding.publishTitle',
} as const satisfies Record<StepId, string>;

/**
 * The first five minutes on the home page: connect a channel (the sandbox in one click), write
 * and schedule a post, watch it go out. Each step ticks from what the server holds; the last
 * one live, from the events stream. Once all are done it congratulates, then steps aside.
 */
export const OnboardingGuide = ({
  workspace,
  onboarding,
}: {
  workspace: WorkspaceWithRole;
  onboarding: Onboarding;
}) => {
  const { t } = useTranslation();
  const titleId = useId();
  const { view, progress } = onboarding;
  const announcement = useStepAnnouncements(progress);
  if ((view !== 'guide' && view !== 'congratulate') || !progress) return null;
  const celebrating = view === 'congratulate';
  const total = STEPS.length;
  return (
    <section
      className={celebrating ? 'card onboarding onboarding-complete' : 'card onboarding'}
      aria-labelledby={titleId}
    >
      <div className="card-head">
        <h2 className="card-title" id={titleId}>
          {t(celebrating ? 'onboarding.congratsTitle' : 'onboarding.title')}
        </h2>
        <span className="onboarding-count">
          {t('onboarding.progress', { done: progress.doneCount, total })}
        </span>
      </div>
      <div className="onboarding-bar" aria-hidden="true">
        <span style={{ width: `${(progress.doneCount / total) * 100}%` }} />
      </div>
      <p className="card-description">{t(celebrating ? 'onboarding.congratsLead' : 'onboarding.lead')}</p>
      <ol className="onboarding-steps">
        {STEPS.map((step, index) => (
          <Step
            key={step}
            number={index + 1}
            title={t(TITLES[step])}
            done={progress.done[step]}
            current={progress.current === step}
          >
            <StepBody step={step} workspace={workspace} progress={progress} />
          </Step>
        ))}
      </ol>
      <p className="status-text onboarding-announcement" role="status">
        {announcement}
      </p>
      <div className="onboarding-foot">
        {celebrating ? (
          <>
            <Link href={paths.planner(workspace.id)} className="btn btn-secondary btn-small">
              {t('onboarding.openPlanner')}
            </Link>
            <Link href={paths.channels(workspace.id)} className="btn btn-secondary btn-small">
              {t('onboarding.openChannels')}
            </Link>
            <button type="button" className="btn btn-primary btn-small" onClick={onboarding.finish}>
              {t('onboarding.close')}
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-quiet btn-small" onClick={onboarding.dismiss}>
            {t('onboarding.dismiss')}
          </button>
        )}
      </div>
    </section>
  );
};

/** "Done: …" for a step that ticks while the guide is on screen (a screen reader hears it). */
const useStepAnnouncements = (progress: OnboardingProgress | undefined) => {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const before = useRef<OnboardingProgress['done'] | null>(null);
  useEffect(() => {
    if (!progress) return;
    const previous = before.current;
    before.current = progress.done;
    if (!previous) return;
    const ticked = STEPS.filter((step) => progress.done[step] && !previous[step]).at(-1);
    if (ticked) setAnnouncement(t('onboarding.announceDone', { step: t(TITLES[ticked]) }));
  }, [progress, t]);
  return announcement;
};

const Step = (props: {
  number: number;
  title: string;
  done: boolean;
  current: boolean;
  children: ReactNode;
}) => {
  const { t } = useTranslation();
  const state = props.done ? 'onboarding-step-done' : props.current ? 'onboarding-step-current' : '';
  return (
    <li className={`onboarding-step ${state}`} aria-current={props.current ? 'step' : undefined}>
      <span className="onboarding-marker" aria-hidden="true">
        {props.done ? '✓' : props.number}
      </span>
      <div className="onboarding-step-body">
        <h3 className="onboarding-step-title">
          {props.title}
          <span className="visually-hidden">
            {' '}
            ({t(props.done ? 'onboarding.stepDone' : 'onboarding.stepToDo')})
          </span>
        </h3>
        {props.children}
      </div>
    </li>
  );
};

const StepBody = (props: { step: StepId; workspace: WorkspaceWithRole; progress: OnboardingProgress }) => {
  if (props.step === 'channel') return <ChannelStep {...props} />;
  if (props.step === 'post') return <PostStep {...props} />;
  return <PublishStep {...props} />;
};

type StepProps = { workspace: WorkspaceWithRole; progress: OnboardingProgress };

const ChannelStep = ({ workspace, progress }: StepProps) => {
  const { t } = useTranslation();
  const networks = useNetworks();
  const connect = useConnectChannel(workspace.id);
  if (progress.done.channel) {
    const name = progress.suggestedChannel?.name;
    return name ? <p className="muted">{t('onboarding.channelDone', { name })}</p> : null;
  }
  if (!canManageChannels(workspace.role)) return <p>{t('onboarding.channelAskAdmin')}</p>;
  const sandbox = networks.data?.items.find(
    (network) => network.id === 'sandbox' && network.available && network.connect === 'none',
  );
  return (
    <>
      <p>{t('onboarding.channelLead')}</p>
      <FormAlert message={connect.isError ? describeError(t, connect.error) : null} />
      <div className="onboarding-actions">
        {sandbox ? (
          <button
            type="button"
            className="btn btn-primary btn-small"
            disabled={connect.isPending}
            onClick={() => connect.mutate({ network: sandbox.id })}
          >
            {t(connect.isPending ? 'onboarding.connecting' : 'onboarding.connectSandbox')}
          </button>
        ) : null}
        <Link href={paths.channels(workspace.id)}>{t('onboarding.otherNetwork')}</Link>
      </div>
    </>
  );
};

const PostStep = ({ workspace, progress }: StepProps) => {
  const { t } = useTranslation();
  const actions = useRef<HTMLDivElement>(null);
  const ready = progress.done.channel;
  // The sandbox was just connected here: the button that did it is gone, the next action takes focus.
  const wasReady = useRef(ready);
  useEffect(() => {
    if (ready && !wasReady.current) actions.current?.querySelector('a')?.focus();
    wasReady.current = ready;
  }, [ready]);
  if (progress.sentPost) {
    return (
      <p className="muted">{t('onboarding.postDone', { text: excerpt(progress.sentPost.post.text, 80) })}</p>
    );
  }
  return (
    <>
      <p>{t('onboarding.postLead')}</p>
      {ready ? (
        <div className="onboarding-actions" ref={actions}>
          <Link
            href={paths.compose(workspace.id, progress.suggestedChannel?.id)}
            className="btn btn-primary btn-small"
          >
            {t('onboarding.writePost')}
          </Link>
        </div>
      ) : (
        <p className="muted">{t('onboarding.postWaiting')}</p>
      )}
    </>
  );
};

const PublishStep = ({ workspace, progress }: StepProps) => {
  const { t } = useTranslation();
  const api = useApi();
  const formatInZone = useFormatInZone(workspace.timeZone);
  const channels = useQuery({
    queryKey: queryKeys.channels(workspace.id),
    queryFn: () => api.listChannels(workspace.id),
  });
  const networks = useNetworks();
  const channelOf = (id: string) => channels.data?.items.find((channel) => channel.id === id);
  const channelName = (id: string) => channelOf(id)?.name ?? '';
  const { publishedPost, sentPost } = progress;
  if (publishedPost) {
    const { post, delivery } = publishedPost;
    const network = findNetwork(networks.data?.items, channelOf(delivery.channelId)?.network ?? '');
    return (
      <>
        <p>{t('onboarding.publishDone', { channel: channelName(delivery.channelId) })}</p>
        <div className="onboarding-actions">
          <Link href={paths.post(workspace.id, post.id)} className="btn btn-primary btn-small">
            {t('onboarding.seePost')}
          </Link>
        </div>
        {network?.capabilities['metrics'] === true ? (
          <AudienceReactions
            workspaceId={workspace.id}
            postId={post.id}
            delivery={delivery}
            channelName={channelName(delivery.channelId)}
          />
        ) : null}
      </>
    );
  }
  const channel = sentPost ? channelName(sentPost.delivery.channelId) : '';
  if (sentPost?.delivery.state === 'failed') {
    return (
      <>
        <p className="onboarding-failed">{t('onboarding.publishFailed', { channel })}</p>
        <div className="onboarding-actions">
          <Link href={paths.post(workspace.id, sentPost.post.id)}>{t('onboarding.openPost')}</Link>
        </div>
      </>
    );
  }
  return (
    <>
      <p>{t('onboarding.publishLead')}</p>
      {sentPost ? (
        <p className="muted">
          {sentPost.delivery.dueAt && Date.parse(sentPost.delivery.dueAt) > Date.now()
            ? t('onboarding.publishDue', { when: formatInZone(sentPost.delivery.dueAt), channel })
            : t('onboarding.publishPending', { channel })}
        </p>
      ) : (
        <p className="muted">{t('onboarding.publishWaiting')}</p>
      )}
    </>
  );
};
