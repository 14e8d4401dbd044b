/** A Survey row as both readers get it (Prisma's catalog, the results tool's raw driver). */
import type { SurveyRecord, SurveyStatus } from '../survey/ports.ts';

export interface SurveyRow {
  id: string;
  communityId: string;
  definitionId: string;
  definitionVersion: number;
  status: string;
  openedDay: string;
  closedDay: string | null;
}

export function toSurvey(row: SurveyRow): SurveyRecord {
  const { id, communityId, definitionId, openedDay, closedDay } = row;
  // Number(): a raw driver may hand an integer column over in another numeric form.
  return { id, communityId, definitionId, definitionVersion: Number(row.definitionVersion), openedDay, closedDay, status: row.status as SurveyStatus };
}
