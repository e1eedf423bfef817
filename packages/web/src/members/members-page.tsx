import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Me, Member, Role, WorkspaceWithRole } from '../api/types';
import { useFormatInstant } from '../i18n/format-date';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Card, Loading, PageHeader } from '../ui/page';
import { AddMemberForm } from './add-member-form';
import { canChangeMember, canManageMembers, grantableRoles, ROLES } from './roles';

export const MembersPage = ({ workspace, me }: { workspace: WorkspaceWithRole; me: Me }) => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const formatInstant = useFormatInstant();
  const [announcement, setAnnouncement] = useState('');
  const [removing, setRemoving] = useState<Member | null>(null);
  const members = useQuery({
    queryKey: queryKeys.members(workspace.id),
    queryFn: () => api.listMembers(workspace.id),
  });
  const manage = canManageMembers(workspace.role);

  const afterChange = async (member: Member) => {
    await queryClient.invalidateQueries({ queryKey: queryKeys.members(workspace.id) });
    // Changing one's own role changes what this screen may show.
    if (member.userId === me.user.id) await queryClient.invalidateQueries({ queryKey: queryKeys.me });
  };
  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: Member; role: Role }) =>
      api.changeMemberRole(workspace.id, member.userId, role),
    onSuccess: async (_answer, { member, role }) => {
      await afterChange(member);
      setAnnouncement(t('members.roleChanged', { name: member.name, role: t(`roles.${role}`) }));
    },
    onError: () => queryClient.invalidateQueries({ queryKey: queryKeys.members(workspace.id) }),
  });
  const remove = useMutation({
    mutationFn: (member: Member) => api.removeMember(workspace.id, member.userId),
    onSuccess: async (_answer, member) => {
      setRemoving(null);
      await afterChange(member);
      setAnnouncement(t('members.removed', { name: member.name }));
    },
  });

  return (
    <>
      <PageHeader title={t('members.title')} description={t('members.lead', { workspace: workspace.name })} />
      {manage ? (
        <Card title={t('members.addTitle')} description={t('members.addLead')}>
          <AddMemberForm
            workspaceId={workspace.id}
            actorRole={workspace.role}
            onAdded={(member) => setAnnouncement(t('members.added', { name: member.name }))}
          />
        </Card>
      ) : (
        <p className="notice">{t('members.readOnly')}</p>
      )}
      <p className="status-text" role="status">
        {announcement}
      </p>
      {changeRole.isError ? <FormAlert message={describeError(t, changeRole.error)} /> : null}
      <Card title={t('members.listTitle')}>
        {members.isPending ? <Loading label={t('common.loading')} /> : null}
        {members.isError ? <FormAlert message={describeError(t, members.error)} /> : null}
        {members.data ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('members.colPerson')}</th>
                  <th scope="col">{t('members.colRole')}</th>
                  <th scope="col">{t('members.colAdded')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.data.items.map((member) => {
                  const changeable = canChangeMember(workspace.role, member.role);
                  const isMe = member.userId === me.user.id;
                  return (
                    <tr key={member.userId}>
                      <td>
                        <div className="person">
                          <span className="person-name">
                            {member.name}
                            {isMe ? <span className="badge badge-neutral">{t('members.you')}</span> : null}
                          </span>
                          <span className="muted">{member.email}</span>
                        </div>
                      </td>
                      <td>
                        {changeable ? (
                          <select
                            className="input select select-compact"
                            aria-label={t('members.roleFor', { name: member.name })}
                            value={member.role}
                            disabled={changeRole.isPending}
                            onChange={(event) =>
                              changeRole.mutate({ member, role: event.target.value as Role })
                            }
                          >
                            {grantableRoles(workspace.role).map((role) => (
                              <option key={role} value={role}>
                                {t(`roles.${role}`)}
                              </option>
                            ))}
                          </select>
                        ) : (
                          <span className={`badge badge-role-${member.role}`}>
                            {t(`roles.${member.role}`)}
                          </span>
                        )}
                      </td>
                      <td className="muted">{formatInstant(member.createdAt)}</td>
                      <td className="cell-actions">
                        {changeable ? (
                          <button
                            type="button"
                            className="btn btn-ghost-danger btn-small"
                            aria-label={t('members.removeLabel', { name: member.name })}
                            onClick={() => {
                              remove.reset();
                              setRemoving(member);
                            }}
                          >
                            {t('members.remove')}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>
      <RoleGuide />
      <ConfirmDialog
        open={removing !== null}
        title={t('members.removeTitle', { name: removing?.name ?? '' })}
        confirmLabel={t('members.remove')}
        busy={remove.isPending}
        error={remove.isError ? describeError(t, remove.error) : null}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing)}
      >
        <p>{t('members.removeBody', { name: removing?.name ?? '', workspace: workspace.name })}</p>
      </ConfirmDialog>
    </>
  );
};

const RoleGuide = () => {
  const { t } = useTranslation();
  return (
    <Card title={t('members.rolesTitle')}>
      <dl className="role-guide">
        {ROLES.toReversed().map((role) => (
          <div key={role} className="role-guide-row">
            <dt>
              <span className={`badge badge-role-${role}`}>{t(`roles.${role}`)}</span>
            </dt>
            <dd>{t(`roleDescriptions.${role}`)}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
};
