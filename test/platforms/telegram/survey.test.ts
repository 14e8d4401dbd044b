/**
 * The main Telegram journey, end to end against the fake Bot API: the bot joins a group, a
 * non-admin is refused, an admin opens the survey, three members take it from the deep link
 * (one in English), the admin reads the participation, and nothing personal is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInDatabase } from '../../support/anonymity-audit.ts';
import { buttonLabels, type FakeChat, type FakeUser } from './fake-bot-api.ts';
import { deepLinkOf, FIRST_CHOICES, LAST_CHOICES, Player, startHarness, type Harness } from './harness.ts';

describe('Telegram: survey in private chats, admin commands in the group', () => {
  let h: Harness;
  let group: FakeChat;
  let alice: FakeUser;
  let eve: FakeUser;
  let link: string;
  const members: FakeUser[] = [];

  beforeAll(async () => {
    h = await startHarness();
    group = h.fake.group(-1001234567890, 'Médecins généralistes');
    alice = h.fake.user(7001, 'Alice', { username: 'alice_md', language_code: 'fr' });
    eve = h.fake.user(7002, 'Eve', { username: 'eve_md', language_code: 'fr' });
    members.push(
      h.fake.user(7101, 'Bruno', { username: 'bruno_gp', language_code: 'fr' }),
      h.fake.user(7102, 'Chloe', { username: 'chloe_uk', language_code: 'en-GB' }),
      h.fake.user(7103, 'Denis', { username: 'denis_cardio', language_code: 'fr' }),
    );
    h.fake.setStatus(group, alice, 'creator');
    for (const user of [eve, ...members]) h.fake.setStatus(group, user, 'member');
  });

  afterAll(async () => {
    await h?.close();
  });

  async function inGroup(user: FakeUser, text: string) {
    const before = h.fake.botMessages(group).length;
    const command = h.fake.send(user, group, text);
    await h.fake.waitFor(`the bot's answer to ${text}`, () => h.fake.botMessages(group).length > before);
    const answer = h.fake.botMessages(group).slice(before)[0];
    expect(answer?.reply_to_message?.message_id).toBe(command.message_id);
    return answer;
  }

  it('registers the community when added to a group, and sets its command menus', async () => {
    h.fake.addBotToGroup(group, alice);
    await h.fake.waitFor('the greeting', () => h.fake.lastBotMessage(group));
    expect(h.fake.lastBotMessage(group)?.text).toContain('/survey open');
    const community = await h.app.services.catalog.findCommunity('telegram', String(group.id));
    expect(community?.name).toBe('Médecins généralistes');
    // Three scopes, each in the default language, French and English.
    expect(h.fake.commandMenus.size).toBe(9);
    const privateFr = h.fake.commandMenus.get('all_private_chats/fr')?.map((c) => c.command) ?? [];
    expect(privateFr).toEqual(expect.arrayContaining(['survey', 'forget', 'help', 'lang']));
    expect(h.fake.commandMenus.get('all_group_chats/en')?.find((c) => c.command === 'survey')?.description).toMatch(/Take the survey/);
  });

  it('refuses /survey open from a member who is not an admin, with the reason', async () => {
    const answer = await inGroup(eve, '/survey open');
    expect(answer?.text).toBe('Cette commande est réservée aux administrateurs de la communauté.');
    const community = await h.app.services.catalog.findCommunity('telegram', String(group.id));
    expect(await h.app.services.catalog.currentSurvey(community?.id ?? '')).toBeNull();
  });

  it('posts an announcement with an opaque deep link when an admin opens the survey', async () => {
    const answer = await inGroup(alice, `/survey@${h.fake.bot.username} open`);
    expect(answer?.text).toMatch(/est ouvert/);
    link = deepLinkOf(answer);
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).toBe(`https://t.me/${h.fake.bot.username}`);
    const payload = url.searchParams.get('start') ?? '';
    expect(payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(payload).not.toContain(String(Math.abs(group.id)).slice(-6));
    const community = await h.app.services.catalog.findCommunity('telegram', String(group.id));
    const survey = await h.app.services.catalog.currentSurvey(community?.id ?? '');
    expect(survey?.status).toBe('open');
    expect(payload).not.toContain(survey?.id ?? '-');
  });

  it('answers /survey in the group with the deep link rather than the questions', async () => {
    const answer = await inGroup(members[0] as FakeUser, '/survey');
    expect(deepLinkOf(answer)).toBe(link);
    expect(h.fake.botMessages(h.fake.privateChat(members[0] as FakeUser)).length).toBe(0);
  });

  it('lets three members complete it from the deep link, one of them in English', async () => {
    const [bruno, chloe, denis] = members.map((user) => new Player(h.fake, user)) as [Player, Player, Player];
    await Promise.all([bruno.openLink(link), chloe.openLink(link), denis.openLink(link)]);
    expect(bruno.questionMessage()?.text).toMatch(/^\[1\/\d+\] Vous êtes :/);
    expect(chloe.questionMessage()?.text).toMatch(/^\[1\/\d+\] You are:/);
    expect(buttonLabels(chloe.questionMessage())).toEqual(['A woman', 'A man', 'Other / prefer not to say']);

    // Every question shows its progress, and the question message is edited in place.
    const progressSeen: string[] = [];
    const first = bruno.questionMessage()?.message_id;
    for (let i = 0; i < 8; i++) {
      await bruno.answerOne(FIRST_CHOICES);
      progressSeen.push(bruno.questionMessage()?.text?.slice(0, 8) ?? '');
    }
    expect(bruno.questionMessage()?.message_id).toBe(first);
    expect(progressSeen.every((p) => /^\[\d+\/\d+\]/.test(p))).toBe(true);
    expect(bruno.progress()?.[0]).toBe(9);

    await Promise.all([bruno.answerAll(FIRST_CHOICES), chloe.answerAll(LAST_CHOICES), denis.answerAll(FIRST_CHOICES)]);
    expect(bruno.isComplete() && chloe.isComplete() && denis.isComplete()).toBe(true);
    expect(h.fake.botMessages(chloe.chat).map((m) => m.text)).toContain(
      'Thank you! Your answers were recorded anonymously. Nothing links them to your account any more.',
    );
    expect(h.fake.lastBotMessage(bruno.chat)?.text).toMatch(/^Merci !/);

    // Item by item in one message: only text items add messages (the ForceReply and the next question).
    const sent = h.fake.botMessages(bruno.chat).length;
    expect(sent).toBeLessThanOrEqual(6);
    const edits = h.fake.botMessages(bruno.chat).reduce((sum, m) => sum + (m.edits ?? 0), 0);
    expect(edits).toBeGreaterThan(20);

    const community = await h.app.services.catalog.findCommunity('telegram', String(group.id));
    const survey = await h.app.services.catalog.currentSurvey(community?.id ?? '');
    expect(await h.app.services.catalog.countResponses(survey?.id ?? '')).toEqual({ participants: 3, complete: 3 });
  });

  it('gives a completed member no second submission', async () => {
    const bruno = new Player(h.fake, members[0] as FakeUser);
    const answers = await bruno.say(`/start ${new URL(link).searchParams.get('start')}`);
    expect(answers.at(-1)?.text).toBe('Vous avez déjà répondu à ce questionnaire. Merci !');
  });

  it('gives admins the participation with /survey status, and closes with /survey close', async () => {
    const status = await inGroup(alice, '/survey status');
    expect(status?.text).toContain('3 participant(s), 3 réponse(s) complète(s)');
    const refused = await inGroup(eve, '/survey close');
    expect(refused?.text).toMatch(/réservée aux administrateurs/);
    const closed = await inGroup(alice, '/survey close');
    expect(closed?.text).toMatch(/est clos/);
  });

  it('stores no Telegram user id, private chat id or username, and logs none', async () => {
    const people = [alice, eve, ...members];
    const needles = people.flatMap((p) => [String(p.id), p.username ?? '']).filter(Boolean);
    expect(await findInDatabase(h.config.databaseUrl, needles)).toEqual([]);
    // The scan does see what is stored: the group's chat id is the community's external id.
    expect(await findInDatabase(h.config.databaseUrl, [String(group.id)])).toEqual(['Community.externalId contains -1001234567890']);
    const logs = h.logs.join('\n');
    for (const needle of [...needles, h.fake.token, 'Omnidoc', 'Rien à ajouter']) expect(logs).not.toContain(needle);
  });
});
