import { useTranslation } from 'react-i18next';
import type { Channel, DeliveryState } from '../api/types';
import { SelectField } from '../ui/field';

/** The states people filter by; the in-between ones (publishing, retrying…) count as scheduled. */
export const STATE_FILTERS = ['scheduled', 'awaiting_approval', 'published', 'failed', 'draft'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number] | '';

const WAITING: readonly DeliveryState[] = [
  'scheduled',
  'publishing',
  'retrying',
  'unknown',
  'needs_reconnect',
];

export const stateMatches = (filter: StateFilter, state: DeliveryState): boolean => {
  if (filter === '') return state !== 'cancelled';
  if (filter === 'scheduled') return WAITING.includes(state);
  return state === filter;
};

export const PlannerFilters = (props: {
  channels: readonly Channel[];
  channel: string;
  onChannel: (id: string) => void;
  state: StateFilter;
  onState: (state: StateFilter) => void;
}) => {
  const { t } = useTranslation();
  return (
    <div className="form-row planner-filters">
      <SelectField
        label={t('planner.filterChannel')}
        value={props.channel}
        onValueChange={props.onChannel}
        options={[
          { value: '', label: t('planner.allChannels') },
          ...props.channels.map((channel) => ({ value: channel.id, label: channel.name })),
        ]}
      />
      <SelectField
        label={t('planner.filterState')}
        value={props.state}
        onValueChange={(value) => props.onState(STATE_FILTERS.find((state) => state === value) ?? '')}
        options={[
          { value: '', label: t('planner.allStates') },
          ...STATE_FILTERS.map((state) => ({ value: state, label: t(`deliveryState.${state}`) })),
        ]}
      />
    </div>
  );
};
