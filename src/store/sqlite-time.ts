/**
 * A DateTime as Prisma writes it in SQLite ("2026-03-16T09:00:00.000+00:00"), for the few raw
 * statements that must stay single and atomic; rows read back through Prisma parse alike.
 */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace(/Z$/, '+00:00');
}
