import { EN } from './en.ts';
import type { Phrase, PhraseCode, PhraseParams, Reason } from './phrases.ts';
import type { Language, Terms } from './terms.ts';
import { ZH } from './zh.ts';

const TERMS: Record<Language, Terms> = { en: EN, zh: ZH };

export function termsFor(language: Language): Terms {
  return TERMS[language];
}

/** The sentence of a phrase in one language. */
export function renderPhrase(phrase: Phrase, terms: Terms = EN): string {
  const render = terms.phrases[phrase.code] as (params: PhraseParams[PhraseCode]) => string;
  return render(phrase.params);
}

/** One line of `reasons`, in one language. */
export function renderReason(reason: Reason, terms: Terms = EN): string {
  return terms.reasonLine(reason.check, renderPhrase(reason, terms));
}
