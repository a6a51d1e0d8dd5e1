// An API failure in words: the API's message (it names the field and rule for 400s), in an alert.
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation('common');
  if (!error) return null;
  const text = error instanceof ApiError ? error.body.message : t('error.network');
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}
