import { useTranslation } from 'react-i18next';
import { useMeasure } from './use-measure';

/** "123 / 500" as the channel's network counts it; red, and said in words, past the limit. */
export const CharCounter = ({ label, network, text }: { label: string; network: string; text: string }) => {
  const { t } = useTranslation();
  const measure = useMeasure(network, text);
  const over = measure !== undefined && !measure.fits;
  return (
    <li className={over ? 'counter counter-over' : 'counter'}>
      <span className="counter-label">{label}</span>
      <span className="counter-value">
        {measure ? t('composer.count', { length: measure.length, limit: measure.limit }) : '…'}
      </span>
      {over ? (
        <span className="counter-warning">
          {measure.length > measure.limit
            ? t('composer.overLimit', { count: measure.length - measure.limit })
            : t('composer.tooLong')}
        </span>
      ) : null}
    </li>
  );
};
