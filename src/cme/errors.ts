/**
 * Expected failures of CME capture and digest settings, with stable codes. Commands turn
 * them into localized text; tests rely on the codes, never on the wording.
 */
export type CmeError =
  | { readonly code: 'cme.nothing_to_share' }
  | { readonly code: 'cme.bad_url'; readonly value: string }
  | { readonly code: 'cme.url_too_long'; readonly max: number }
  | { readonly code: 'cme.title_too_long'; readonly max: number }
  | { readonly code: 'cme.topic_unknown'; readonly value: string }
  | { readonly code: 'cme.too_many_tags'; readonly max: number }
  | { readonly code: 'cme.credit_invalid' }
  | { readonly code: 'cme.not_found' };

export type DigestSettingsError =
  | { readonly code: 'digest.bad_day'; readonly value: string }
  | { readonly code: 'digest.bad_time'; readonly value: string }
  | { readonly code: 'digest.bad_timezone'; readonly value: string }
  | { readonly code: 'digest.bad_flag'; readonly option: string; readonly value: string }
  | { readonly code: 'digest.bad_channel'; readonly value: string }
  /** The channel or chat belongs to another server or group than the community's. */
  | { readonly code: 'digest.foreign_channel'; readonly value: string }
  /** The bot cannot see that channel or chat (unknown, or not a member there). */
  | { readonly code: 'digest.unknown_channel'; readonly value: string };
