/**
 * Expected failures of the survey flow, with stable codes. Adapters turn them into localized
 * text through i18n; tests and logs rely on the codes, never on the wording.
 */
export type IdentifierKind = 'email' | 'phone' | 'social_security_number' | 'birth_date';

export type AnswerError =
  | { readonly code: 'choice.unknown'; readonly value: string }
  | { readonly code: 'choice.out_of_range'; readonly value: string; readonly max: number }
  | { readonly code: 'multi.too_few'; readonly min: number }
  | { readonly code: 'multi.too_many'; readonly max: number }
  | { readonly code: 'multi.duplicate'; readonly value: string }
  /** An exclusive choice ("None") combined with another; `label` names it in both languages. */
  | { readonly code: 'multi.exclusive'; readonly value: string; readonly label: Readonly<Record<'fr' | 'en', string>> }
  | { readonly code: 'number.invalid'; readonly value: string; readonly integer: boolean }
  | { readonly code: 'number.out_of_range'; readonly value: string; readonly min: number | null; readonly max: number | null }
  | { readonly code: 'date.invalid'; readonly value: string }
  | { readonly code: 'scale.not_a_number'; readonly value: string; readonly min: number; readonly max: number }
  | { readonly code: 'scale.not_integer'; readonly value: string; readonly min: number; readonly max: number }
  | { readonly code: 'scale.out_of_range'; readonly value: string; readonly min: number; readonly max: number }
  | { readonly code: 'text.empty' }
  | { readonly code: 'text.too_long'; readonly max: number; readonly length: number }
  | { readonly code: 'text.identifier'; readonly kind: IdentifierKind };

export type FlowError =
  | { readonly code: 'answer.required' }
  | { readonly code: 'answer.stale'; readonly current: string | null }
  | { readonly code: 'back.at_start' }
  | { readonly code: 'item.unknown'; readonly item: string }
  | { readonly code: 'response.complete' };

export type AccessError =
  | { readonly code: 'survey.none' }
  | { readonly code: 'survey.closed' }
  | { readonly code: 'survey.already_open' }
  | { readonly code: 'survey.already_completed' }
  | { readonly code: 'response.none' }
  | { readonly code: 'permission.admin_only' }
  | { readonly code: 'community.required' };

export type SurveyError = AnswerError | FlowError | AccessError;
export type SurveyErrorCode = SurveyError['code'];
