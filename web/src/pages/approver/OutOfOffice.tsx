// Out of office: the period (wall-clock times in the organisation's zone) and the colleague new
// tasks go to meanwhile (PUT /api/users/me/out-of-office). Offered delegates hold one of my
// roles, which is what the API requires of them.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, client, unwrap } from '../../api/client';
import { formatDateTime } from '../../format';
import { isoToOrgLocal, orgLocalToIso } from './format';
import { refusalSentence } from './refusal';
import type { DirectoryUser, Me } from './types';

export function OutOfOffice({ me, users, onSaved }: { me: Me; users: DirectoryUser[]; onSaved: (me: Me) => void }) {
  const { t, i18n } = useTranslation('approver');
  const locale = i18n.language;
  const [from, setFrom] = useState(me.outOfOffice ? isoToOrgLocal(me.outOfOffice.from) : '');
  const [to, setTo] = useState(me.outOfOffice ? isoToOrgLocal(me.outOfOffice.to) : '');
  const [delegate, setDelegate] = useState(me.outOfOffice?.delegateUserId ?? '');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const colleagues = users.filter((u) => u.id !== me.id && u.roles.some((r) => me.roles.includes(r)));
  const names = new Map(users.map((u) => [u.id, u.displayName]));

  async function save(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!from) errors.from = t('ooo.required');
    if (!to) errors.to = t('ooo.required');
    if (from && to && to <= from) errors.to = t('ooo.toAfterFrom');
    setFieldErrors(errors);
    setMessage(null);
    if (Object.keys(errors).length > 0) return;
    try {
      const saved = await unwrap<Me>(
        client.PUT('/api/users/me/out-of-office', {
          body: { from: orgLocalToIso(from), to: orgLocalToIso(to), ...(delegate ? { delegateUserId: delegate } : {}) },
        }),
      );
      onSaved(saved);
      setMessage({ ok: true, text: t('ooo.saved', { from: formatDateTime(saved.outOfOffice?.from), to: formatDateTime(saved.outOfOffice?.to) }) });
    } catch (err) {
      if (err instanceof ApiError && err.body.errors) setFieldErrors(err.fieldErrors());
      setMessage({ ok: false, text: refusalSentence(t, err, { names, locale }) });
    }
  }

  const current = me.outOfOffice;
  return (
    <section aria-labelledby="ooo-heading" className="card out-of-office">
      <h2 id="ooo-heading">{t('ooo.title')}</h2>
      <p className="hint">
        {current
          ? t('ooo.current', {
              from: formatDateTime(current.from),
              to: formatDateTime(current.to),
              delegate: current.delegateUserId ? (names.get(current.delegateUserId) ?? current.delegateUserId) : t('ooo.nobody'),
            })
          : t('ooo.none')}
      </p>
      <form onSubmit={(e) => void save(e)} noValidate>
        <div className="field">
          <label htmlFor="ooo-from">{t('ooo.from')}</label>
          <input id="ooo-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby="ooo-zone ooo-from-error" aria-invalid={Boolean(fieldErrors.from)} />
          {fieldErrors.from && <p id="ooo-from-error" className="field-error">{fieldErrors.from}</p>}
        </div>
        <div className="field">
          <label htmlFor="ooo-to">{t('ooo.to')}</label>
          <input id="ooo-to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby="ooo-zone ooo-to-error" aria-invalid={Boolean(fieldErrors.to)} />
          {fieldErrors.to && <p id="ooo-to-error" className="field-error">{fieldErrors.to}</p>}
        </div>
        <p id="ooo-zone" className="hint">{t('ooo.zone')}</p>
        <div className="field">
          <label htmlFor="ooo-delegate">{t('ooo.delegate')}</label>
          <select id="ooo-delegate" value={delegate} onChange={(e) => setDelegate(e.target.value)} aria-describedby="ooo-delegate-error">
            <option value="">{t('ooo.noDelegate')}</option>
            {colleagues.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
          {fieldErrors.delegateUserId && <p id="ooo-delegate-error" className="field-error">{fieldErrors.delegateUserId}</p>}
        </div>
        <button type="submit">{t('ooo.save')}</button>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
