import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { ApiToken, NewToken } from '../api/types';
import { useFormatInstant } from '../i18n/format-date';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Card, Loading, PageHeader } from '../ui/page';
import { CreateTokenForm } from './create-token-form';
import { TokenSecret } from './token-secret';

export const TokensPage = () => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const formatInstant = useFormatInstant();
  const [created, setCreated] = useState<NewToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const tokens = useQuery({ queryKey: queryKeys.tokens, queryFn: api.listTokens });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api.revokeToken(token.id),
    onSuccess: async (_answer, token) => {
      setRevoking(null);
      if (created?.token.id === token.id) setCreated(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
      setAnnouncement(t('tokens.revoked', { name: token.name }));
    },
  });

  return (
    <>
      <PageHeader title={t('tokens.title')} description={t('tokens.lead')} />
      {created ? (
        <TokenSecret created={created} onDone={() => setCreated(null)} />
      ) : (
        <Card title={t('tokens.createTitle')}>
          <CreateTokenForm onCreated={setCreated} />
        </Card>
      )}
      <p className="status-text" role="status">
        {announcement}
      </p>
      <Card title={t('tokens.listTitle')}>
        {tokens.isPending ? <Loading label={t('common.loading')} /> : null}
        {tokens.isError ? <FormAlert message={describeError(t, tokens.error)} /> : null}
        {tokens.data && tokens.data.items.length === 0 ? <p className="muted">{t('tokens.none')}</p> : null}
        {tokens.data && tokens.data.items.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('tokens.colName')}</th>
                  <th scope="col">{t('tokens.colPrefix')}</th>
                  <th scope="col">{t('tokens.colScope')}</th>
                  <th scope="col">{t('tokens.colLastUsed')}</th>
                  <th scope="col">{t('tokens.colExpires')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.items.map((token) => (
                  <tr key={token.id}>
                    <td>
                      <div className="person">
                        <span className="person-name">{token.name}</span>
                        <span className="muted">
                          {t('tokens.createdAt', { when: formatInstant(token.createdAt) })}
                        </span>
                      </div>
                    </td>
                    <td>
                      <code className="code">{token.prefix}…</code>
                    </td>
                    <td>
                      <span className={`badge badge-scope-${token.scope}`}>
                        {t(`tokens.scope.${token.scope}`)}
                      </span>
                    </td>
                    <td className="muted">
                      {token.lastUsedAt ? formatInstant(token.lastUsedAt) : t('tokens.never')}
                    </td>
                    <td className="muted">
                      {token.expiresAt ? formatInstant(token.expiresAt) : t('tokens.noExpiry')}
                    </td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="btn btn-ghost-danger btn-small"
                        aria-label={t('tokens.revokeLabel', { name: token.name })}
                        onClick={() => {
                          revoke.reset();
                          setRevoking(token);
                        }}
                      >
                        {t('tokens.revoke')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>
      <ConfirmDialog
        open={revoking !== null}
        title={t('tokens.revokeTitle', { name: revoking?.name ?? '' })}
        confirmLabel={t('tokens.revoke')}
        busy={revoke.isPending}
        error={revoke.isError ? describeError(t, revoke.error) : null}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      >
        <p>{t('tokens.revokeBody')}</p>
      </ConfirmDialog>
    </>
  );
};
