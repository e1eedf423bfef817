import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { TextMeasure } from '../api/types';
import { measureLocally } from './measure';

const DEBOUNCE_MS = 300;

const useDebounced = <T>(value: T, ms: number): T => {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
};

/** A network's count of a text: at once where the browser has its rule, else from the server. */
export const useMeasure = (network: string, text: string): TextMeasure | undefined => {
  const api = useApi();
  const local = measureLocally(network, text);
  const settled = useDebounced(text, DEBOUNCE_MS);
  const remote = useQuery({
    queryKey: queryKeys.measure(network, settled),
    queryFn: () => api.measureText(network, settled),
    enabled: local === undefined,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
  return local ?? remote.data;
};
