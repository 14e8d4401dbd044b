/**
 * Expected failures travel as values with a stable code (a bad answer, a refused permission),
 * so adapters can turn them into localized text; exceptions are kept for the unexpected.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });
