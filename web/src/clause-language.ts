// Which standard text a clause is compared with, on the rep's form and on the approver's task
// page, and how finely its changes are shown (characters for Chinese). The server decides a clause's
// language with detectClauseLanguage (src/domain/rules/clause-meaning.ts), which the web build does
// not import (the domain's rules pull in server-only modules); this is the same one-line rule.
import type { StandardClause } from './api/types';

export type ClauseLanguage = 'en' | 'zh';

/** Chinese when Han characters carry the text (a Han character is a word's worth of Latin letters). */
export function detectClauseLanguage(text: string): ClauseLanguage {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  return han > 0 && han * 4 >= (text.match(/\p{Script=Latin}/gu)?.length ?? 0) ? 'zh' : 'en';
}

/** A clause's language: the one it is written in, or the UI's while it is still blank. */
export function clauseLanguage(text: string, uiLanguage: string): ClauseLanguage {
  if (text.trim() === '') return uiLanguage.startsWith('zh') ? 'zh' : 'en';
  return detectClauseLanguage(text);
}

/** The standard text in `language`: the Chinese one when the library has it, else the English. */
export function standardTextIn(clause: StandardClause, language: ClauseLanguage): { language: ClauseLanguage; text: string } {
  return language === 'zh' && clause.standardTextZh ? { language: 'zh', text: clause.standardTextZh } : { language: 'en', text: clause.standardText };
}
