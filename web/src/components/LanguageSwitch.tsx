// Switches between the supported languages; the choice is remembered (localStorage, by the detector).
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';

const NAMES: Record<string, string> = { en: 'English', 'zh-CN': '简体中文' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  return (
    <label className="language-switch">
      <span>{t('header.language')}</span>
      <select value={i18n.resolvedLanguage} onChange={(e) => void i18n.changeLanguage(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
