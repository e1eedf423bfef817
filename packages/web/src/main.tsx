import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { ApiProvider } from './api/api-context';
import { ApiError } from './api/api-error';
import { createApiClient } from './api/client';
import { queryKeys } from './api/query-keys';
import { App } from './app';
import { createI18n } from './i18n/i18n';
import './ui/theme.css';

/** A 401 anywhere means the session is gone (expired, signed out elsewhere): show sign-in. */
const onError = (error: Error) => {
  if (error instanceof ApiError && error.status === 401) queryClient.setQueryData(queryKeys.me, null);
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      // A 4xx will answer the same again; only retry what may be passing trouble.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={createI18n()}>
      <QueryClientProvider client={queryClient}>
        <ApiProvider client={createApiClient()}>
          <App />
        </ApiProvider>
      </QueryClientProvider>
    </I18nextProvider>
  </StrictMode>,
);
