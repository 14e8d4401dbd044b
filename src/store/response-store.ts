/**
 * Responses in SQLite through Prisma. Answers and cursor are written in one transaction;
 * completion deletes the participant link in that same transaction, leaving only a
 * Completion row ("this key has completed this survey") that says nothing of which response.
 */
import { randomUUID } from 'node:crypto';
import type { AnswerValue, Answers } from '../survey/answers.ts';
import type { InProgressResponse, ResponseChange, ResponseStore, ResponseTransaction } from '../survey/ports.ts';
import type { Database } from './client.ts';
import type { Prisma } from './generated/client.ts';

type Tx = Prisma.TransactionClient;

export class PrismaResponseStore implements ResponseStore {
  constructor(private readonly db: Database) {}

  transaction<T>(work: (tx: ResponseTransaction) => Promise<T>): Promise<T> {
    return this.db.$transaction((tx) => work(new PrismaResponseTransaction(tx)), { timeout: 20_000, maxWait: 20_000 });
  }
}

class PrismaResponseTransaction implements ResponseTransaction {
  constructor(private readonly tx: Tx) {}

  async findInProgress(participantKey: string): Promise<InProgressResponse | null> {
    const link = await this.tx.participantLink.findUnique({
      where: { participantKey },
      include: { response: { include: { answers: true } } },
    });
    if (!link) return null;
    const { response } = link;
    const answers: Record<string, AnswerValue> = {};
    for (const answer of response.answers) answers[answer.itemCode] = JSON.parse(answer.value) as AnswerValue;
    return {
      id: response.id,
      surveyId: response.surveyId,
      cursor: response.cursor,
      draft: response.draft === null ? null : (JSON.parse(response.draft) as string[]),
      lastDeliveryKey: response.lastDeliveryKey,
      answers,
      activityAt: link.lastActivityAt,
    };
  }

  async hasCompleted(participantKey: string): Promise<boolean> {
    return (await this.tx.completion.count({ where: { participantKey } })) > 0;
  }

  async create(participantKey: string, surveyId: string, cursor: string | null, day: string, activityAt?: Date): Promise<InProgressResponse> {
    const id = randomUUID();
    await this.tx.response.create({
      data: { id, surveyId, status: 'in_progress', cursor, startedDay: day, updatedDay: day },
    });
    await this.tx.participantLink.create({ data: { participantKey, surveyId, responseId: id, lastActivityAt: activityAt ?? null } });
    return { id, surveyId, cursor, draft: null, lastDeliveryKey: null, answers: {}, activityAt: activityAt ?? null };
  }

  async save(previous: InProgressResponse, change: ResponseChange): Promise<void> {
    await this.writeAnswers(previous, change.answers);
    await this.tx.response.update({
      where: { id: previous.id },
      data: {
        cursor: change.cursor,
        draft: change.draft === null ? null : JSON.stringify(change.draft),
        lastDeliveryKey: change.deliveryKey ?? previous.lastDeliveryKey,
        updatedDay: change.day,
      },
    });
    if (change.activityAt && change.activityAt.getTime() !== previous.activityAt?.getTime()) {
      await this.tx.participantLink.updateMany({ where: { responseId: previous.id }, data: { lastActivityAt: change.activityAt } });
    }
  }

  async complete(previous: InProgressResponse, change: ResponseChange, participantKey: string): Promise<void> {
    await this.writeAnswers(previous, change.answers);
    await this.tx.response.update({
      where: { id: previous.id },
      data: { status: 'complete', cursor: null, draft: null, lastDeliveryKey: null, updatedDay: change.day, completedDay: change.day },
    });
    await this.tx.participantLink.delete({ where: { participantKey } });
    await this.tx.completion.create({ data: { participantKey, surveyId: previous.surveyId } });
  }

  async discard(participantKey: string): Promise<boolean> {
    const link = await this.tx.participantLink.findUnique({ where: { participantKey } });
    if (!link) return false;
    // Answers and the link go with the response (ON DELETE CASCADE).
    await this.tx.response.delete({ where: { id: link.responseId } });
    return true;
  }

  async setReminderAddress(participantKey: string, sealedAddress: string): Promise<boolean> {
    const { count } = await this.tx.participantLink.updateMany({ where: { participantKey }, data: { encryptedAddress: sealedAddress } });
    return count > 0;
  }

  async setRemindersOff(participantKey: string, off: boolean): Promise<boolean> {
    const { count } = await this.tx.participantLink.updateMany({ where: { participantKey }, data: { remindersOff: off } });
    return count > 0;
  }

  /** Only the answers that differ are written: one upsert per changed item, one delete batch. */
  private async writeAnswers(previous: InProgressResponse, answers: Answers): Promise<void> {
    const dropped = Object.keys(previous.answers).filter((code) => answers[code] === undefined);
    if (dropped.length > 0) {
      await this.tx.answer.deleteMany({ where: { responseId: previous.id, itemCode: { in: dropped } } });
    }
    for (const [itemCode, value] of Object.entries(answers)) {
      const encoded = JSON.stringify(value);
      const before = previous.answers[itemCode];
      if (before !== undefined && JSON.stringify(before) === encoded) continue;
      await this.tx.answer.upsert({
        where: { responseId_itemCode: { responseId: previous.id, itemCode } },
        create: { responseId: previous.id, itemCode, value: encoded },
        update: { value: encoded },
      });
    }
  }
}
