// The routing preview beside the contract form: which steps will need a person and why, or that
// intake will send the contract back, as POST /api/contracts/preview answers for what is typed.
import { useTranslation } from 'react-i18next';
import type { Preview } from '../../api/types';

interface Props {
  preview: Preview | null;
  previewError: string | null;
}

export function RoutingPreview({ preview, previewError }: Props) {
  const { t } = useTranslation('rep');
  const needsPerson = (preview?.steps ?? []).filter((s) => s.mode === 'person');
  const returned = (preview?.steps ?? []).filter((s) => s.mode === 'returned');
  return (
    <section className="preview" aria-labelledby="preview-heading" aria-live="polite" data-state={previewError ? 'unavailable' : preview ? 'ready' : 'loading'}>
      <h2 id="preview-heading">{t('preview.title')}</h2>
      {previewError ? (
        <p className="hint">{t('preview.unavailable', { message: previewError })}</p>
      ) : !preview ? (
        <p className="hint">{t('common:loading')}</p>
      ) : returned.length > 0 ? (
        <ul data-testid="preview-returned">
          {returned.map((s) => (
            <li key={s.key}>{t('preview.returned', { step: t(`steps.${s.key}`, { defaultValue: s.name }), reason: s.reason ?? '' })}</li>
          ))}
        </ul>
      ) : needsPerson.length === 0 ? (
        <p data-testid="preview-automatic">{t('preview.allAutomatic')}</p>
      ) : (
        <ul data-testid="preview-people">
          {needsPerson.map((s) => (
            <li key={s.key}>{t('preview.needsPerson', { step: t(`steps.${s.key}`, { defaultValue: s.name }), reason: s.reason ?? '' })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
