import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from './field';

export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Every zone the browser knows, plus the current value when the list lacks it (e.g. `UTC`). */
const zoneOptions = (current: string) => {
  const zones = Intl.supportedValuesOf('timeZone');
  const all = zones.includes(current) || current === '' ? zones : [current, ...zones];
  return all.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));
};

export const TimeZoneField = (props: {
  value: string;
  onValueChange: (zone: string) => void;
  error?: string | undefined;
  disabled?: boolean;
  /** What the zone governs; by default, the workspace's schedules and reports. */
  hint?: string;
}) => {
  const { t } = useTranslation();
  const options = useMemo(() => zoneOptions(props.value), [props.value]);
  return (
    <SelectField label={t('fields.timeZone')} hint={t('fields.timeZoneHint')} options={options} {...props} />
  );
};
