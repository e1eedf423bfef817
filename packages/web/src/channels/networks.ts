import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Channel, ConnectChannelInput, Network } from '../api/types';

/** The networks the server can connect; they change only when the server is redeployed. */
export const useNetworks = () => {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.networks,
    queryFn: api.listNetworks,
    staleTime: Number.POSITIVE_INFINITY,
  });
};

export const findNetwork = (networks: readonly Network[] | undefined, id: string): Network | undefined =>
  networks?.find((network) => network.id === id);

/** The network's own name when the server lists it, else its id (a network since removed). */
export const networkName = (networks: readonly Network[] | undefined, id: string): string =>
  findNetwork(networks, id)?.name ?? id;

/** The variables an administrator sets to enable an OAuth network. */
export const oauthVariables = (network: Network) => {
  const prefix = `ARALDO_${network.id.toUpperCase()}`;
  return { clientId: `${prefix}_CLIENT_ID`, clientSecret: `${prefix}_CLIENT_SECRET` };
};

type FieldKey = 'server' | 'identifier' | 'appPassword' | 'accessToken';

/** A field of a form login, keyed by the request body property it fills. */
export interface CredentialField {
  key: FieldKey & keyof ConnectChannelInput;
  label: string;
  hint: string;
  secret: boolean;
  initial: string;
}

// The server calls Bluesky's host `service` and Mastodon's `server`; the request takes `server`.
const FIELD_KEYS: Partial<Record<string, FieldKey>> = {
  server: 'server',
  service: 'server',
  identifier: 'identifier',
  appPassword: 'appPassword',
  accessToken: 'accessToken',
};

// Where a network has a usual server, the form starts with it (Bluesky's own PDS host).
const DEFAULT_SERVERS: Partial<Record<string, string>> = { bluesky: 'https://bsky.social' };

/** Where to find the credential on the networks people ask about most; others get a general hint. */
const hintFor = (t: TFunction, networkId: string, key: FieldKey): string => {
  if (networkId === 'bluesky' && key !== 'accessToken') return t(`connect.hints.bluesky.${key}`);
  if (networkId === 'mastodon' && (key === 'server' || key === 'accessToken')) {
    return t(`connect.hints.mastodon.${key}`);
  }
  return t(`connect.hints.${key}`);
};

/** The fields the server names for a network (`GET /networks` → fields), in its order. */
export const credentialFields = (t: TFunction, network: Network, reconnecting?: Channel): CredentialField[] =>
  network.fields.flatMap((field): CredentialField[] => {
    const key = FIELD_KEYS[field];
    // A field this version of the web app does not know: the server names it if it is missing.
    if (!key) return [];
    const savedServer = reconnecting?.settings['serverUrl'];
    const initial =
      key === 'server'
        ? typeof savedServer === 'string'
          ? savedServer
          : (DEFAULT_SERVERS[network.id] ?? '')
        : key === 'identifier'
          ? (reconnecting?.accountHandle ?? '')
          : '';
    return [
      {
        key,
        label: t(`connect.fields.${key}`),
        hint: hintFor(t, network.id, key),
        secret: key === 'appPassword' || key === 'accessToken',
        initial,
      },
    ];
  });
