import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFoundPage() {
  const { t } = useTranslation('common');
  return (
    <>
      <h1>{t('notFound')}</h1>
      <Link to="/">{t('home')}</Link>
    </>
  );
}
