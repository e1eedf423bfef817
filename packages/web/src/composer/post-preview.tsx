import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import type { Channel, MediaAsset, Network, TextMeasure } from '../api/types';
import { NetworkMark } from '../channels/network-mark';
import { networkName } from '../channels/networks';
import { measureLocally } from './measure';
import { useMeasure } from './use-measure';

/**
 * Where the network would cut the text: the longest prefix its own rule accepts, or, for a
 * network only the server measures, the same share of the text as the limit is of the count.
 */
const cutAt = (network: string, text: string, measure: TextMeasure): number => {
  const points = [...text];
  if (measureLocally(network, '') === undefined) {
    return points.slice(0, Math.floor((points.length * measure.limit) / measure.length)).join('').length;
  }
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measureLocally(network, points.slice(0, middle).join(''))?.fits) low = middle;
    else high = middle - 1;
  }
  return points.slice(0, low).join('').length;
};

const hostOf = (link: string) => {
  try {
    return new URL(link).hostname;
  } catch {
    return link;
  }
};

/** Roughly how the post will look on the channel's network. */
export const PostPreview = (props: {
  workspaceId: string;
  channel: Channel;
  networks: readonly Network[] | undefined;
  text: string;
  link: string;
  media: MediaAsset[];
  /** The first comment this channel posts under it; empty for none. */
  comment: string;
}) => {
  const { t } = useTranslation();
  const api = useApi();
  const { channel } = props;
  const network = networkName(props.networks, channel.network);
  const measure = useMeasure(channel.network, props.text);
  const cut = measure && !measure.fits ? cutAt(channel.network, props.text, measure) : props.text.length;
  const images = props.media.filter((asset) => asset.mimeType.startsWith('image/'));
  const videos = props.media.filter((asset) => asset.mimeType.startsWith('video/'));
  const link = props.link.trim();
  return (
    <article className="preview" aria-label={t('composer.previewFor', { channel: channel.name })}>
      <header className="preview-head">
        <NetworkMark id={channel.network} name={network} />
        <span className="preview-who">
          <strong>{channel.name}</strong>
          <span className="muted">{channel.accountHandle ?? network}</span>
        </span>
      </header>
      <p className="preview-text">
        {props.text.slice(0, cut)}
        {cut < props.text.length ? (
          <>
            <span className="preview-cut">…</span>
            <span className="preview-cut-note">{t('composer.previewCut', { network })}</span>
          </>
        ) : null}
        {props.text.trim() === '' ? <span className="muted">{t('composer.previewEmpty')}</span> : null}
      </p>
      {images.length > 0 ? (
        <ul className={`preview-images preview-images-${Math.min(images.length, 4)}`}>
          {images.slice(0, 4).map((asset) => (
            <li key={asset.id}>
              <img src={api.mediaUrl(props.workspaceId, asset.id)} alt={asset.filename} />
            </li>
          ))}
        </ul>
      ) : null}
      {videos.length > 0 ? <p className="preview-video">▶ {videos[0]?.filename}</p> : null}
      {link !== '' ? (
        <p className="preview-link">
          <span className="preview-link-host">{hostOf(link)}</span>
          <span className="preview-link-url">{link}</span>
        </p>
      ) : null}
      {props.comment.trim() !== '' ? (
        <p className="preview-comment">
          <span className="preview-comment-label">{t('composer.firstComment.previewLabel')}</span>
          {props.comment}
        </p>
      ) : null}
    </article>
  );
};
