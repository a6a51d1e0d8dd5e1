// A policy diff (the API's changes: a path, added/removed/changed, from and to) as a table a
// person reads: "Pricing review · Maximum discount (%) · 10 → 12" rather than
// steps.pricing_review.params.maxDiscountPercent.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PolicyChange } from './policy-api';

export function stepName(t: TFunction, key: string): string {
  return t(`approver:steps.${key}`, { defaultValue: key });
}

export function paramName(t: TFunction, name: string): string {
  return t(`policy:params.${name}`, { defaultValue: name });
}

export function assigneeName(t: TFunction, assignee: string): string {
  return assignee === 'submitter_manager' ? t('policy:assignee.submitterManager') : t(`common:roles.${assignee}`, { defaultValue: assignee });
}

/** Where a change is, in words: [step or policy part, field]. */
export function changePlace(t: TFunction, path: string): [string, string] {
  const step = /^steps\.([^.]+)(?:\.(.+))?$/.exec(path);
  if (step) {
    const [, key, rest] = step;
    if (!rest) return [stepName(t, key), t('policy:diff.wholeStep')];
    if (rest.startsWith('params.')) return [stepName(t, key), paramName(t, rest.slice('params.'.length))];
    return [stepName(t, key), t(`policy:fields.${rest.split('.')[0]}`, { defaultValue: rest })];
  }
  return [t('policy:diff.policy'), t(`policy:fields.${path.split('.')[0]}`, { defaultValue: path })];
}

export function formatValue(t: TFunction, path: string, value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return value ? t('policy:yes') : t('policy:no');
  if (path === 'stages' && Array.isArray(value)) {
    return (value as { tracks: string[][] }[])
      .map((s, i) => `${i + 1}. ${s.tracks.map((tr) => tr.map((k) => stepName(t, k)).join(' → ')).join(' ‖ ')}`)
      .join('\n');
  }
  if (path.endsWith('.assignee') && typeof value === 'object') {
    const a = value as { kind: string; role?: string };
    return assigneeName(t, a.kind === 'role' ? (a.role ?? '') : 'submitter_manager');
  }
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function PolicyDiff({ changes, caption }: { changes: readonly PolicyChange[]; caption: string }) {
  const { t } = useTranslation('policy');
  if (!changes.length) return <p data-testid="policy-diff-empty">{t('diff.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="policy-diff" data-table="policy-diff">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('diff.where')}</th>
            <th scope="col">{t('diff.what')}</th>
            <th scope="col">{t('diff.before')}</th>
            <th scope="col">{t('diff.after')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => {
            const [where, what] = changePlace(t, c.path);
            return (
              <tr key={c.path} data-path={c.path} data-kind={c.kind}>
                <td>{where}</td>
                <td>
                  {what}
                  {c.kind !== 'changed' && <span className="sub"> ({t(`diff.kind.${c.kind}`)})</span>}
                </td>
                <td className="diff-before">{formatValue(t, c.path, c.from)}</td>
                <td className="diff-after">{formatValue(t, c.path, c.to)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
