import { type ReactNode, useId } from 'react';

export const PageHeader = ({ title, description }: { title: string; description?: ReactNode }) => (
  <header className="page-header">
    <h1 className="page-title" tabIndex={-1}>
      {title}
    </h1>
    {description ? <p className="page-description">{description}</p> : null}
  </header>
);

/** A titled panel; with a title it is a named region, so tests and screen readers can find it. */
export const Card = ({
  title,
  description,
  children,
}: {
  title?: string;
  description?: ReactNode;
  children: ReactNode;
}) => {
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={title ? titleId : undefined}>
      {title ? (
        <h2 className="card-title" id={titleId}>
          {title}
        </h2>
      ) : null}
      {description ? <p className="card-description">{description}</p> : null}
      {children}
    </section>
  );
};

export const Loading = ({ label }: { label: string }) => (
  <p className="loading" role="status">
    <span className="spinner" aria-hidden="true" />
    {label}
  </p>
);
