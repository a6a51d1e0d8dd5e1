// The languages Greenlight ships message catalogues for. A user's `locale` (users.locale) is one
// of these or null, meaning the organisation's default (DEFAULT_LOCALE); the migration
// 1764547200000-user-locale holds the same list in its CHECK.
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/** The language to address a user in: their own choice, else the organisation's default. */
export const effectiveLocale = (userLocale: Locale | null | undefined, defaultLocale: Locale): Locale => userLocale ?? defaultLocale;
