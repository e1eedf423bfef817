import type { ErrorDetail } from '../api/types';

/** The error banner above a form: announced at once, and lists details no field claimed. */
export const FormAlert = ({ message, details = [] }: { message: string | null; details?: ErrorDetail[] }) => {
  if (!message) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p>{message}</p>
      {details.length > 0 ? (
        <ul>
          {details.map((detail) => (
            <li key={`${detail.path}:${detail.message}`}>{detail.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};
