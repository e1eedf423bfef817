import { useMutation } from '@tanstack/react-query';
import { type DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import type { Channel, MediaAsset, Network } from '../api/types';
import { findNetwork } from '../channels/networks';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { mediaWarnings } from './media-warnings';

const ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,video/mp4,video/quicktime,video/webm';

/** Images and video by button or by dropping them here, with what each network would refuse. */
export const MediaPicker = (props: {
  workspaceId: string;
  media: MediaAsset[];
  channels: Channel[];
  networks: readonly Network[] | undefined;
  onChange: (media: MediaAsset[]) => void;
  errors: string[];
}) => {
  const { t } = useTranslation();
  const api = useApi();
  const inputId = useId();
  const titleId = useId();
  const [over, setOver] = useState(false);
  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      const uploaded: MediaAsset[] = [];
      for (const file of files) uploaded.push(await api.uploadMedia(props.workspaceId, file));
      return uploaded;
    },
    onSuccess: (uploaded) => props.onChange([...props.media, ...uploaded]),
  });
  const add = (files: FileList | null) => {
    if (files && files.length > 0) upload.mutate([...files]);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    add(event.dataTransfer.files);
  };
  const networks = [...new Set(props.channels.map((channel) => channel.network))].flatMap(
    (id) => findNetwork(props.networks, id) ?? [],
  );
  const warnings = networks.flatMap((network) => mediaWarnings(t, network, props.media));

  return (
    <section className="composer-section" aria-labelledby={titleId}>
      <h2 className="composer-section-title" id={titleId}>
        {t('composer.media.title')}
      </h2>
      <section
        className={over ? 'dropzone dropzone-over' : 'dropzone'}
        aria-label={t('composer.media.dropzone')}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <input
          id={inputId}
          type="file"
          multiple
          accept={ACCEPT}
          className="visually-hidden"
          onChange={(event) => {
            add(event.target.files);
            event.target.value = '';
          }}
        />
        <label htmlFor={inputId} className="btn btn-secondary">
          {t('composer.media.add')}
        </label>
        <span className="muted">
          {upload.isPending ? t('composer.media.uploading') : t('composer.media.orDrop')}
        </span>
      </section>
      <FormAlert message={upload.isError ? describeError(t, upload.error) : null} />
      {props.media.length > 0 ? (
        <ul className="media-list">
          {props.media.map((asset) => (
            <li key={asset.id} className="media-item">
              {asset.mimeType.startsWith('image/') ? (
                <img src={api.mediaUrl(props.workspaceId, asset.id)} alt="" className="media-thumb" />
              ) : (
                <span className="media-thumb media-thumb-video" aria-hidden="true">
                  ▶
                </span>
              )}
              <span className="media-name">{asset.filename}</span>
              <button
                type="button"
                className="btn btn-ghost-danger btn-small"
                aria-label={t('composer.media.removeLabel', { file: asset.filename })}
                onClick={() => props.onChange(props.media.filter((item) => item.id !== asset.id))}
              >
                {t('composer.media.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {warnings.length > 0 || props.errors.length > 0 ? (
        <ul className="alert alert-warning composer-warnings">
          {[...warnings, ...props.errors].map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
};
