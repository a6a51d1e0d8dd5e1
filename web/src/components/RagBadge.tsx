// Red/amber/green as a word and a colour, never colour alone.
import { useTranslation } from 'react-i18next';
import type { Rag } from '../api/types';

export function RagBadge({ rag }: { rag: Rag }) {
  const { t } = useTranslation('common');
  return <span className={`rag rag-${rag}`}>{t(`rag.${rag}`)}</span>;
}
