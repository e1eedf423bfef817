import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, Network } from '../api/types';
import { NetworkMark } from '../channels/network-mark';
import { networkName } from '../channels/networks';

/** Where the post goes: one checkbox per connected channel. */
export const ChannelPicker = (props: {
  channels: readonly Channel[];
  networks: readonly Network[] | undefined;
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  error: string | undefined;
}) => {
  const { t } = useTranslation();
  const errorId = useId();
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...props.selected, id] : props.selected.filter((selected) => selected !== id));
  return (
    <fieldset className="fieldset composer-section" aria-describedby={props.error ? errorId : undefined}>
      <legend className="composer-section-title">{t('composer.channels')}</legend>
      <ul className="channel-choices">
        {props.channels.map((channel) => {
          const network = networkName(props.networks, channel.network);
          const checked = props.selected.includes(channel.id);
          return (
            <li key={channel.id}>
              <label className={checked ? 'channel-choice channel-choice-selected' : 'channel-choice'}>
                <input
                  type="checkbox"
                  checked={checked}
                  onChange={(event) => toggle(channel.id, event.target.checked)}
                />
                <NetworkMark id={channel.network} name={network} />
                <span className="choice-text">
                  <span className="choice-title">{channel.name}</span>
                  <span className="choice-hint">
                    {network}
                    {channel.status === 'active' ? '' : ` · ${t(`channelStatus.${channel.status}`)}`}
                  </span>
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {props.error ? (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
};
