import { useTranslation } from 'react-i18next';
import type { Me } from '../api/types';
import { UserMenu } from '../shell/user-menu';
import { BrandMark } from '../ui/brand';
import { Card, PageHeader } from '../ui/page';
import { CreateWorkspaceForm } from './create-workspace-form';

/** Someone removed from every workspace still has an account: let them start a new one. */
export const NoWorkspacePage = ({ me }: { me: Me }) => {
  const { t } = useTranslation();
  return (
    <div className="shell shell-bare">
      <header className="topbar">
        <span className="brand">
          <BrandMark />
          <span className="brand-name">Araldo</span>
        </span>
        <span className="topbar-spacer" />
        <UserMenu user={me.user} />
      </header>
      <main id="main" className="content content-narrow">
        <PageHeader title={t('noWorkspace.title')} description={t('noWorkspace.lead')} />
        <Card title={t('workspaceSettings.createTitle')}>
          <CreateWorkspaceForm />
        </Card>
      </main>
    </div>
  );
};
