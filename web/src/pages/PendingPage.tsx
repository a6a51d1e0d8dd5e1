// Stands in for a page whose area has not registered it yet in routes.tsx.
import { useTranslation } from 'react-i18next';

export default function PendingPage() {
  const { t } = useTranslation('common');
  return <h1>{t('pending')}</h1>;
}
