/**
 * CME capture, the weekly digest and the reminder through the real grammY bot and the fake
 * Bot API: `/cme` in reply to a member's message and `/cme <url> [title]` in a group, the
 * digest posted in the group by the scheduler, and the one reminder in the private chat.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runReminders } from '../../../src/schedule/reminder-job.ts';
import { latestSlot, shiftSlot, slotOf } from '../../../src/schedule/weekly.ts';
import { DEFAULT_DIGEST_SETTINGS } from '../../../src/cme/digest-settings.ts';
import { findInDatabase } from '../../support/anonymity-audit.ts';
import type { FakeChat, FakeMessage, FakeUser } from './fake-bot-api.ts';
import { openSurveyInGroup, Player, startHarness, type Harness } from './harness.ts';

describe('Telegram: CME points, digest and reminder', () => {
  let h: Harness;
  let group: FakeChat;
  let member: FakeUser;

  beforeAll(async () => {
    h = await startHarness();
    ({ group } = await openSurveyInGroup(h, -1009000000077));
    member = h.fake.user(860_100_123, 'Claire', { language_code: 'fr' });
    h.fake.setStatus(group, member, 'member');
    h.app.schedule.publishers.set('telegram', h.telegram.publisher);
  });

  afterAll(async () => {
    await h?.close();
  });

  async function inGroup(text: string, replyTo?: FakeMessage, from: FakeUser = member) {
    const before = h.fake.botMessages(group).length;
    h.fake.send(from, group, text, replyTo ? { replyTo } : {});
    await h.fake.waitFor(`the answer to ${text}`, () => h.fake.botMessages(group).length > before);
    return h.fake.botMessages(group).slice(before).map((m) => m.text ?? '');
  }

  it('captures a link from the message a /cme reply points at, and from /cme <url> [title]', async () => {
    const shared = h.fake.send(member, group, 'Reco HAS à lire : https://www.has-sante.fr/jcms/p_3301556/fr/hta?xtor=RSS-1 #cardio');
    expect(await inGroup('/cme', shared)).toEqual([
      '📌 Ajouté au digest FMC : « Reco HAS à lire »\nhttps://www.has-sante.fr/jcms/p_3301556/fr/hta\nthème : Cardiologie',
    ]);
    expect(await inGroup('/cme https://doi.org/10.1186/s12909-024-05149-z Réseaux sociaux et FMC')).toEqual([
      '📌 Ajouté au digest FMC : « Réseaux sociaux et FMC »\nhttps://doi.org/10.1186/s12909-024-05149-z\nDOI 10.1186/s12909-024-05149-z',
    ]);
    // Another member's share of the same page is an endorsement (one's own re-share is not).
    const colleague = h.fake.user(860_100_456, 'Paul', { language_code: 'fr' });
    h.fake.setStatus(group, colleague, 'member');
    const [again = ''] = await inGroup('/cme https://www.has-sante.fr/jcms/p_3301556/fr/hta?utm_source=fb', undefined, colleague);
    expect(again).toContain('compté comme une recommandation de plus');
    expect(await findInDatabase(h.config.databaseUrl, [String(member.id), String(colleague.id)])).toEqual([]);
  });

  it('posts the digest in the group once, at the slot', async () => {
    const next = shiftSlot(latestSlot(new Date(), slotOf(DEFAULT_DIGEST_SETTINGS)), slotOf(DEFAULT_DIGEST_SETTINGS), 1);
    const before = h.fake.botMessages(group).length;
    await h.app.schedule.scheduler.runDue(next);
    await h.app.schedule.scheduler.runDue(next);
    const posted = h.fake.botMessages(group).slice(before).map((m) => m.text ?? '');
    expect(posted).toHaveLength(2); // the digest, then the survey's progress
    expect(posted[0]).toMatch(/^📚 Points FMC partagés du .+ \(2\)/);
    expect(posted[0]).toContain('■ Cardiologie\n1. Reco HAS à lire — 2 recommandations\n   https://www.has-sante.fr/jcms/p_3301556/fr/hta');
    expect(posted[1]).toMatch(/^📊 Questionnaire « .+ », point d’étape/);
  });

  it('sends the one reminder to the private chat of a respondent who paused', async () => {
    const player = new Player(h.fake, h.fake.user(860_200_456, 'Paul', { language_code: 'fr' }));
    h.fake.setStatus(group, player.user, 'member');
    const link = (h.fake.botMessages(group).flatMap((m) => (m.reply_markup?.inline_keyboard ?? []).flat()).find((b) => b.url)?.url) ?? '';
    await player.openLink(link);
    // The adapter keeps the private chat (encrypted) on the link right after showing the question.
    await vi.waitFor(async () => expect(await h.app.db.inProgressResponse.count({ where: { encryptedAddress: { not: null } } })).toBe(1));
    const before = h.fake.botMessages(player.chat).length;
    const later = new Date(Date.now() + 80 * 3_600_000);
    expect(await runReminders(h.app.schedule.context, later)).toEqual({ sent: 1, unreachable: 0 });
    expect(await runReminders(h.app.schedule.context, later)).toEqual({ sent: 0, unreachable: 0 });
    const reminder = h.fake.botMessages(player.chat).slice(before).map((m) => m.text ?? '');
    expect(reminder).toHaveLength(1);
    expect(reminder[0]).toMatch(/^Bonjour ! Vous avez commencé le questionnaire « .+ » \(Groupe de test\)/);
    expect(await findInDatabase(h.config.databaseUrl, [String(player.user.id)])).toEqual([]);
  });
});
