// The contract's attention flags (GET /api/contracts/:id `attention`): what ops must follow up by
// hand, e.g. a task whose escalation ran out of managers, until that task is decided. One sentence
// per flag, the time in the organisation's zone.
import { useTranslation } from 'react-i18next';
import type { AttentionFlag } from '../../api/types';
import { formatDateTime } from '../../format';

export function AttentionNotices({ flags }: { flags: AttentionFlag[] | undefined }) {
  const { t } = useTranslation('rep');
  if (!flags?.length) return null;
  return (
    <section className="attention" aria-label={t('attention.label')}>
      {flags.map((f) => (
        <p key={`${f.kind}:${f.taskId}`} className="warning" data-attention={f.kind}>
          {t(`attention.${f.kind}`, {
            defaultValue: t('attention.other', { kind: f.kind, since: formatDateTime(f.since) }),
            step: t(`steps.${f.step}`, { defaultValue: f.step }),
            level: f.level,
            since: formatDateTime(f.since),
          })}
        </p>
      ))}
    </section>
  );
}
