import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Channel, User, WorkspaceWithRole } from '../api/types';
import { ChannelStatusBadge } from '../channels/channel-status';
import { networkName, useNetworks } from '../channels/networks';
import { OnboardingGuide } from '../onboarding/onboarding-guide';
import { useOnboarding } from '../onboarding/use-onboarding';
import { Link, paths } from '../routing/router';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Loading, PageHeader } from '../ui/page';

export const HomePage = ({ workspace, user }: { workspace: WorkspaceWithRole; user: User }) => {
  const { t } = useTranslation();
  const api = useApi();
  const channels = useQuery({
    queryKey: queryKeys.channels(workspace.id),
    queryFn: () => api.listChannels(workspace.id),
  });
  const onboarding = useOnboarding(workspace);
  const firstName = user.name.split(/\s+/)[0] ?? user.name;

  return (
    <>
      <PageHeader
        title={t('home.title', { name: firstName })}
        description={t('home.lead', { workspace: workspace.name })}
      />
      <OnboardingGuide workspace={workspace} onboarding={onboarding} />
      {channels.isPending ? <Loading label={t('common.loading')} /> : null}
      {channels.isError ? <FormAlert message={describeError(t, channels.error)} /> : null}
      {/* While the guide leads, it is the way to a first channel. */}
      {channels.data && channels.data.items.length === 0 && onboarding.view === 'hidden' ? (
        <NoChannelsYet workspaceId={workspace.id} />
      ) : null}
      {channels.data && channels.data.items.length > 0 ? (
        <ChannelList workspaceId={workspace.id} channels={channels.data.items} />
      ) : null}
    </>
  );
};

const NoChannelsYet = ({ workspaceId }: { workspaceId: string }) => {
  const { t } = useTranslation();
  return (
    <div className="home-grid">
      <section className="card empty-state" aria-labelledby="no-channels-title">
        <svg aria-hidden="true" viewBox="0 0 120 80" width="120" height="80" className="empty-illustration">
          <rect x="8" y="14" width="60" height="44" rx="8" fill="#e8edfb" />
          <rect x="18" y="26" width="32" height="5" rx="2.5" fill="#b9c6f2" />
          <rect x="18" y="36" width="22" height="5" rx="2.5" fill="#d3dcf7" />
          <circle cx="88" cy="30" r="14" fill="#dff3ea" />
          <circle cx="98" cy="56" r="10" fill="#fdecd8" />
          <path d="M68 36h6M84 44l6 6" stroke="#9aa6c4" strokeWidth="2" strokeDasharray="3 3" />
        </svg>
        <h2 className="card-title" id="no-channels-title">
          {t('home.noChannelsTitle')}
        </h2>
        <p className="card-description">{t('home.noChannelsLead')}</p>
        <p>
          <Link href={paths.channels(workspaceId)} className="btn btn-primary">
            {t('home.connectCta')}
          </Link>
        </p>
      </section>
      <section className="card" aria-labelledby="next-steps-title">
        <h2 className="card-title" id="next-steps-title">
          {t('home.nextStepsTitle')}
        </h2>
        <ol className="checklist">
          <li className="checklist-done">
            <span className="check" aria-hidden="true">
              ✓
            </span>
            <span>
              {t('home.stepWorkspace')}
              <span className="visually-hidden"> ({t('home.done')})</span>
            </span>
          </li>
          <li>
            <span className="check" aria-hidden="true" />
            <Link href={paths.channels(workspaceId)}>{t('home.stepChannel')}</Link>
          </li>
          <li>
            <span className="check" aria-hidden="true" />
            <Link href={paths.members(workspaceId)}>{t('home.stepTeam')}</Link>
          </li>
          <li>
            <span className="check" aria-hidden="true" />
            <Link href={paths.tokens()}>{t('home.stepToken')}</Link>
          </li>
        </ol>
      </section>
    </div>
  );
};

/** A glance at the channels; the Channels page is where they are managed. */
const ChannelList = ({ workspaceId, channels }: { workspaceId: string; channels: Channel[] }) => {
  const { t } = useTranslation();
  const networks = useNetworks();
  const broken = channels.filter((channel) => channel.status === 'needs_reconnect');
  return (
    <section className="card" aria-labelledby="channels-title">
      <div className="card-head">
        <h2 className="card-title" id="channels-title">
          {t('home.channelsTitle')}
        </h2>
        <Link href={paths.channels(workspaceId)}>{t('home.manageChannels')}</Link>
      </div>
      {broken.length > 0 ? (
        <p className="alert alert-warning">
          {t('home.needsAttention', { names: broken.map((channel) => channel.name).join(', ') })}
        </p>
      ) : null}
      <ul className="channel-list">
        {channels.map((channel) => {
          const network = networkName(networks.data?.items, channel.network);
          return (
            <li key={channel.id} className="channel-row">
              <span className="channel-network">{network}</span>
              <span className="channel-name">{channel.name}</span>
              {channel.accountHandle ? <span className="muted">{channel.accountHandle}</span> : null}
              <ChannelStatusBadge status={channel.status} />
            </li>
          );
        })}
      </ul>
    </section>
  );
};
