// Switches between the supported languages. The choice is remembered in this browser
// (localStorage, by the detector) and, when someone is signed in, as their locale
// (PATCH /api/users/me), which their e-mails and one-click decision pages follow.
import { useTranslation } from 'react-i18next';
import { client } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { type Language, LANGUAGES } from '../i18n';

const NAMES: Record<string, string> = { en: 'English', 'zh-CN': '简体中文' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  const { user } = useAuth();
  const choose = (language: Language) => {
    void i18n.changeLanguage(language);
    // Best effort: the page has switched either way; the mails follow once it is stored.
    if (user) void client.PATCH('/api/users/me', { body: { locale: language } }).catch(() => undefined);
  };
  return (
    <label className="language-switch">
      <span>{t('header.language')}</span>
      <select value={i18n.resolvedLanguage} onChange={(e) => choose(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
