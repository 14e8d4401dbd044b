/**
 * /results on Telegram (the command is commands/results.ts): a member is refused while the
 * survey is open; an admin gets the text and the chart as a photo in the private chat, never
 * in the group before results are public; once closed, results are posted in the group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeChat, FakeUser } from './fake-bot-api.ts';
import { FIRST_CHOICES, LAST_CHOICES, openSurveyInGroup, Player, startHarness, type Harness } from './harness.ts';

const NOT_PUBLIC = 'Les résultats seront visibles à la clôture du questionnaire (ou plus tôt si un administrateur active les résultats en direct).';

describe('Telegram: /results', () => {
  let h: Harness;
  let group: FakeChat;
  let admin: FakeUser;
  let respondents: Player[];

  beforeAll(async () => {
    // Two complete responses are enough here; the default threshold (10) is for real groups.
    h = await startHarness({ env: { RESULTS_MIN_COMPLETE: '2', RESULTS_MIN_CELL: '1' } });
    const opened = await openSurveyInGroup(h);
    ({ group, admin } = opened);
    respondents = [
      new Player(h.fake, h.fake.user(8501, 'One', { language_code: 'fr' })),
      new Player(h.fake, h.fake.user(8502, 'Two', { language_code: 'fr' })),
    ];
    for (const player of respondents) h.fake.setStatus(group, player.user, 'member');
    await Promise.all(respondents.map((p) => p.openLink(opened.link)));
    await Promise.all([respondents[0]?.answerAll(FIRST_CHOICES), respondents[1]?.answerAll(LAST_CHOICES)]);
  });

  afterAll(async () => {
    await h?.close();
  });

  async function command(user: FakeUser, text: string, where: FakeChat, expected = 1) {
    const before = h.fake.botMessages(where).length;
    h.fake.send(user, group, text);
    await h.fake.waitFor(`the answer to ${text}`, () => h.fake.botMessages(where).length >= before + expected);
    return h.fake.botMessages(where).slice(before);
  }

  it('refuses a member while the survey is open, privately', async () => {
    const member = respondents[0] as Player;
    const groupBefore = h.fake.botMessages(group).length;
    const answer = await command(member.user, '/results', member.chat);
    expect(answer[0]?.text).toBe(NOT_PUBLIC);
    expect(h.fake.botMessages(group).length).toBe(groupBefore);
  });

  it('refuses in the group a member the bot cannot write to', async () => {
    const stranger = h.fake.user(8503, 'Stranger', { language_code: 'fr' });
    h.fake.setStatus(group, stranger, 'member');
    const answer = await command(stranger, '/results', group);
    expect(answer[0]?.text).toBe(NOT_PUBLIC);
  });

  it('gives an admin the text and the chart as a photo, in the private chat only', async () => {
    // The admin never opened the private chat: nothing of the results goes to the group.
    const notice = await command(admin, '/results', group);
    expect(notice[0]?.text).toMatch(/^Je ne peux pas vous écrire en privé/);
    expect(notice.some((m) => m.photo)).toBe(false);

    const adminChat = h.fake.privateChat(admin);
    h.fake.send(admin, adminChat, '/start');
    await h.fake.waitFor('the welcome', () => h.fake.lastBotMessage(adminChat));
    const groupBefore = h.fake.botMessages(group).length;
    const before = h.fake.botMessages(adminChat).length;
    h.fake.send(admin, group, '/results');
    await h.fake.waitFor('the results with a photo', () => h.fake.botMessages(adminChat).slice(before).some((m) => m.photo));
    const sent = h.fake.botMessages(adminChat).slice(before);
    expect(sent[0]?.text?.length).toBeGreaterThan(50);
    const photo = sent.find((m) => m.photo);
    expect(photo?.bytes?.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(h.fake.botMessages(group).length).toBe(groupBefore);
  });

  it('posts the results in the group once the survey is closed', async () => {
    await command(admin, '/survey close', group);
    const before = h.fake.botMessages(group).length;
    h.fake.send(respondents[1]?.user as FakeUser, group, '/results');
    await h.fake.waitFor('the results in the group', () => h.fake.botMessages(group).slice(before).some((m) => m.photo));
    const sent = h.fake.botMessages(group).slice(before);
    expect(sent[0]?.text?.length).toBeGreaterThan(50);
    expect(sent.every((m) => (m.text ?? '').length <= 4096 && (m.caption ?? '').length <= 1024)).toBe(true);
  });
});
