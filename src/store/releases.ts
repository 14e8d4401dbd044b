/**
 * Closing a survey is a store operation, not a status flip: the answers still in progress are
 * released (shuffled, fresh ids, no key) as incomplete responses, the release pool joins the
 * last batch, and every in-progress row (the last links) is deleted, in one transaction.
 */
export interface SurveyReleases {
  closeSurvey(surveyId: string, day: string): Promise<void>;
}
