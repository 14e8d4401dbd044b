/** A member's chosen language, stored under a member key derived from the instance secret. */
import type { Keyring, Member } from '../privacy/keyring.ts';
import { isLanguage, type Language } from '../shared/language.ts';
import type { PreferenceStore } from './ports.ts';

export class LanguagePreferences {
  constructor(private readonly store: PreferenceStore, private readonly keyring: Keyring) {}

  async get(member: Member): Promise<Language | null> {
    const stored = await this.store.language(this.keyring.memberKey(member));
    return isLanguage(stored) ? stored : null;
  }

  async set(member: Member, language: Language): Promise<void> {
    await this.store.setLanguage(this.keyring.memberKey(member), language);
  }

  /** The member's choice if they made one, else what their platform locale says. */
  async resolve(member: Member, fallback: Language): Promise<Language> {
    return (await this.get(member)) ?? fallback;
  }
}
