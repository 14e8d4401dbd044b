/**
 * The survey is for the group's members: `/start <payload>` and resuming (`/start`, `/survey`)
 * ask Telegram (getChatMember on the community's group) each time. Anyone else, or anyone when
 * the check fails, gets a localized refusal and nothing is stored; nothing about the user is
 * cached, so leaving the group closes the survey to them at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInDatabase, tableCounts } from '../../support/anonymity-audit.ts';
import type { FakeChat, FakeUser } from './fake-bot-api.ts';
import { FIRST_CHOICES, openSurveyInGroup, Player, startHarness, type Harness } from './harness.ts';

const MEMBERS_ONLY_FR =
  'Ce questionnaire est réservé aux membres du groupe qui l’a publié, et vous n’en faites pas partie. Rejoignez le groupe, puis rouvrez le lien.';
const MEMBERS_ONLY_EN = 'This survey is for the members of the group that posted it, and you are not one of them. Join the group, then open the link again.';
const UNKNOWN_FR =
  'Je ne peux pas vérifier pour l’instant que vous êtes membre du groupe de ce questionnaire. Réessayez plus tard, ou prévenez un administrateur du groupe.';

describe('Telegram: the survey is for members of the group', () => {
  let h: Harness;
  let link: string;
  let group: FakeChat;
  let payload: string;

  beforeAll(async () => {
    h = await startHarness();
    ({ link, group } = await openSurveyInGroup(h));
    payload = new URL(link).searchParams.get('start') ?? '';
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Opens the link as `user` and returns the bot's first answer, checking that nothing was stored. */
  async function refusedAt(user: FakeUser): Promise<string | undefined> {
    const before = await tableCounts(h.config.databaseUrl);
    const player = new Player(h.fake, user);
    const checks = h.fake.callsOf('getChatMember').length;
    const [answer] = await player.say(`/start ${payload}`);
    expect(h.fake.callsOf('getChatMember').length).toBe(checks + 1);
    expect(h.fake.botMessages(player.chat)).toHaveLength(1);
    expect(await tableCounts(h.config.databaseUrl)).toEqual(before);
    return answer?.text;
  }

  it('refuses someone who is not in the group, in their language, and stores nothing', async () => {
    expect(await refusedAt(h.fake.user(8601, 'Outsider', { language_code: 'fr' }))).toBe(MEMBERS_ONLY_FR);
    expect(await refusedAt(h.fake.user(8602, 'Stranger', { language_code: 'en' }))).toBe(MEMBERS_ONLY_EN);
    const check = h.fake.callsOf('getChatMember').at(-1);
    expect(check?.payload).toMatchObject({ chat_id: String(group.id), user_id: 8602 });
  });

  it('refuses a banned member and a restricted user who is not a member', async () => {
    const banned = h.fake.user(8603, 'Banned', { language_code: 'fr' });
    h.fake.setStatus(group, banned, 'kicked');
    expect(await refusedAt(banned)).toBe(MEMBERS_ONLY_FR);
    const gone = h.fake.user(8604, 'RestrictedGone', { language_code: 'fr' });
    h.fake.setStatus(group, gone, 'restricted', { isMember: false });
    expect(await refusedAt(gone)).toBe(MEMBERS_ONLY_FR);
  });

  it('lets in members, administrators and restricted members', async () => {
    const statuses = [
      ['member', {}],
      ['administrator', {}],
      ['restricted', { isMember: true }],
    ] as const;
    for (const [index, [status, options]] of statuses.entries()) {
      const player = new Player(h.fake, h.fake.user(8610 + index, `Ok${index}`, { language_code: 'fr' }));
      h.fake.setStatus(group, player.user, status, options);
      await player.openLink(link);
      expect(player.progress()?.[0]).toBe(1);
    }
  });

  it('checks again on resuming: a member who left is refused, and continues after rejoining', async () => {
    const player = new Player(h.fake, h.fake.user(8620, 'Leaver', { language_code: 'fr' }));
    h.fake.setStatus(group, player.user, 'member');
    await player.openLink(link);
    await player.answerOne(FIRST_CHOICES);
    expect(player.progress()?.[0]).toBe(2);

    h.fake.setStatus(group, player.user, 'left');
    const before = await tableCounts(h.config.databaseUrl);
    for (const text of ['/start', '/survey', '/survey resume', `/start ${payload}`]) {
      const answers = await player.say(text);
      expect(answers.map((m) => m.text), text).toEqual([MEMBERS_ONLY_FR]);
    }
    expect(await tableCounts(h.config.databaseUrl)).toEqual(before);

    h.fake.setStatus(group, player.user, 'member');
    await player.say('/start', undefined, 2);
    await h.fake.waitFor('the question again', () => /^\[2\//.test(h.fake.lastBotMessage(player.chat)?.text ?? ''));
    expect(player.progress()?.[0]).toBe(2);
  });

  it('refuses politely when Telegram cannot answer the check, and logs it without ids', async () => {
    const member = h.fake.user(8630, 'Unverifiable', { language_code: 'fr' });
    h.fake.setStatus(group, member, 'member');
    h.fake.failNext('getChatMember', 1, { status: 403, description: 'Forbidden: bot was kicked from the supergroup chat' });
    expect(await refusedAt(member)).toBe(UNKNOWN_FR);
    const logged = h.logs.filter((line) => line.includes('telegram membership check failed'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('bot was kicked');
    expect(logged[0]).not.toContain(String(member.id));
    expect(logged[0]).not.toContain(String(group.id));
  });

  it('keeps no user id anywhere in the database', async () => {
    const ids = [8601, 8602, 8603, 8604, 8610, 8611, 8612, 8620, 8630].map(String);
    expect(await findInDatabase(h.config.databaseUrl, ids)).toEqual([]);
  });
});
