import { createStore, useStore } from 'zustand';
import { byteDecimals, byteUnits } from '../../shared/bytes';

/** The UI languages. Every visible string ships in each of them. */
export const languages = ['en', 'zh-CN'] as const;
export type Lang = (typeof languages)[number];

/** A string, a function for strings with values in them (counts, names), or a group of entries. */
export type Entry = string | ((...args: never[]) => string) | { readonly [key: string]: Entry };
export type Dictionary = Record<string, Entry>;

/** One feature's strings: English defines the keys and signatures, every other language must match them. */
export type Strings<D extends Dictionary> = { readonly [L in Lang]: D };

/** Declares a feature's dictionary; the type checker rejects a language missing a key or with another signature. */
export function defineStrings<D extends Dictionary>(strings: { en: D; 'zh-CN': NoInfer<D> }): Strings<D> {
  return strings;
}

interface LangState {
  lang: Lang;
}

/** The current language, outside React too (stores format messages with it). */
export const langStore = createStore<LangState>(() => ({ lang: 'en' }));

export function setLang(lang: Lang): void {
  langStore.setState({ lang });
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** The current language's entries of a dictionary, re-rendering when the language changes. */
export function useStrings<D extends Dictionary>(strings: Strings<D>): D {
  const lang = useStore(langStore, (s) => s.lang);
  return strings[lang];
}

/** Non-React access: the current language's entries. */
export function stringsNow<D extends Dictionary>(strings: Strings<D>): D {
  return strings[langStore.getState().lang];
}

export function useLang(): Lang {
  return useStore(langStore, (s) => s.lang);
}

/** Number formatting that follows the UI language. */
export function formatNumber(n: number, lang: Lang = langStore.getState().lang, maxFrac = 0): string {
  return n.toLocaleString(lang, { maximumFractionDigits: maxFrac });
}

/** Sizes in the 1024-based units the CLI prints too: 1536 → "1.5 KB", 5 MiB → "5 MB". Every feature shows
 * bytes with this one, so a download reads the same in the model card and in its job. */
export function formatBytes(n: number | null): string {
  if (n === null) return '—';
  const { value, unit } = byteUnits(n);
  return `${formatNumber(value, undefined, byteDecimals(value, unit))} ${unit}`;
}

/** A per-second rate's number: 3.14 → "3.1", 42.4 → "42". */
export function formatRate(rate: number): string {
  return rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
}

/** English counts: "1 item", "1,234 items". */
export function countEn(n: number, one: string, many: string): string {
  return `${formatNumber(n, 'en')} ${n === 1 ? one : many}`;
}

/** Chinese counts: "1,234 项". */
export function countZh(n: number, unit: string): string {
  return `${formatNumber(n, 'zh-CN')} ${unit}`;
}
