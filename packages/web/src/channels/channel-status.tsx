import { useTranslation } from 'react-i18next';
import type { Channel } from '../api/types';

/** The status in words, with a mark for the one that needs someone to act. */
export const ChannelStatusBadge = ({ status }: { status: Channel['status'] }) => {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status}`}>
      {status === 'needs_reconnect' ? (
        <svg aria-hidden="true" viewBox="0 0 20 20" width="14" height="14" className="icon badge-icon">
          <path
            d="M10 3l8 14H2L10 3zm0 5v4m0 2.5v.5"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinejoin="round"
          />
        </svg>
      ) : null}
      {t(`channelStatus.${status}`)}
    </span>
  );
};
