/** Timestamps of responses are kept at day precision (design.md, anonymity rule 4). */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
