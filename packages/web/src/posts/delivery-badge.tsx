import { useTranslation } from 'react-i18next';
import type { DeliveryState } from '../api/types';
import './posts.css';

/** A delivery's state in words, coloured by what it asks of the reader (nothing, wait, act). */
export const DeliveryBadge = ({ state }: { state: DeliveryState }) => {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-delivery badge-delivery-${state}`}>{t(`deliveryState.${state}`)}</span>
  );
};

/** A few words of a post, for names and lists. */
export const excerpt = (text: string, length = 60): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
};
