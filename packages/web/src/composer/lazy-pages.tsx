import { type ComponentProps, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../ui/page';

/**
 * The composer is the heaviest screen (the networks' counting rules, the recurrence engine),
 * so it is its own chunk, fetched when first opened: the first page stays small.
 */
const ComposerPage = lazy(() =>
  import('./composer-page').then((module) => ({ default: module.ComposerPage })),
);
const PostEditPage = lazy(() =>
  import('./post-edit-page').then((module) => ({ default: module.PostEditPage })),
);

const Pending = () => {
  const { t } = useTranslation();
  return <Loading label={t('common.loading')} />;
};

export const LazyComposerPage = (props: ComponentProps<typeof ComposerPage>) => (
  <Suspense fallback={<Pending />}>
    <ComposerPage {...props} />
  </Suspense>
);

export const LazyPostEditPage = (props: ComponentProps<typeof PostEditPage>) => (
  <Suspense fallback={<Pending />}>
    <PostEditPage {...props} />
  </Suspense>
);
