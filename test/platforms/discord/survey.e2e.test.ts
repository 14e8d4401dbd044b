/**
 * The questionnaire on Discord, end to end: the real discord.js client against the fake
 * Discord, the real application on a temporary SQLite file. The tests run in order and share
 * one community, as members of one server would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCustomId } from '../../../src/platforms/discord/custom-id.ts';
import { findValues, snapshot } from './db-snapshot.ts';
import { INTENT_GUILD_MESSAGE_REACTIONS, INTENT_GUILDS, type FakeMessage, type FakeUser } from './fake-discord.ts';
import { countStoredAnswers } from '../../support/stored-answers.ts';
import { Harness, stray, TOKEN } from './harness.ts';
import { answerCurrent, answerUntil, currentItem, customIds, EPHEMERAL, findCustomId } from './survey-driver.ts';

let h: Harness;
const users: FakeUser[] = [];
let announcement: FakeMessage;
let surveyId: string;

function member(username: string, options: Parameters<Harness['fake']['user']>[1] = {}): FakeUser {
  const user = h.fake.user(username, options);
  users.push(user);
  return user;
}

/** The member's in-progress response, found the way the bot finds it: through the keyring. */
async function progressOf(user: FakeUser) {
  const key = h.app.keyring.participantKey({ platform: 'discord', userId: user.id }, surveyId);
  const loaded = await h.app.store.responses.load(key);
  return loaded ? { cursor: loaded.response.cursor, answers: loaded.response.answers } : null;
}

/** Takes the survey from the announcement: the questionnaire's first (ephemeral) message. */
async function take(user: FakeUser): Promise<FakeMessage> {
  const interaction = await h.click(user, announcement, findCustomId(announcement, 't'));
  expect(interaction.callbacks[0]).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
  return h.fake.original(interaction);
}

beforeAll(async () => {
  h = await Harness.start();
});

afterAll(async () => {
  await h?.stop();
});

describe('Discord survey', () => {
  it('connects with the Guilds and GuildMessageReactions intents only (no privileged intent)', () => {
    expect(h.fake.identifies).toHaveLength(1);
    expect(h.fake.identifies[0].intents).toBe(INTENT_GUILDS | INTENT_GUILD_MESSAGE_REACTIONS);
    expect(h.fake.identifies[0].intents).toBe(0b100_0000_0001);
  });

  it('refuses /survey open to a member without Manage Server, even when the command reaches the bot', async () => {
    const mallory = member('mallory');
    for (const subcommand of ['open', 'close', 'status']) {
      const interaction = await h.command(mallory, 'survey', { subcommand });
      expect(interaction.callbacks[0]).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
      expect(h.fake.original(interaction).content).toBe('This command is for the community’s admins.');
    }
    expect(await h.app.db.survey.count()).toBe(0);
  });

  it('lets an admin open the survey with an announcement and a "Take the survey" button', async () => {
    const admin = member('dr.admin', { admin: true, locale: 'fr' });
    const interaction = await h.command(admin, 'survey', { subcommand: 'open' });
    announcement = h.fake.original(interaction);
    expect(announcement.flags & EPHEMERAL).toBe(0);
    expect(announcement.content).toContain('est ouvert');
    const take = decodeCustomId(findCustomId(announcement, 't'));
    expect(take?.kind).toBe('take');
    surveyId = (take as { surveyId: string }).surveyId;
    const community = await h.app.db.community.findFirstOrThrow();
    expect(community).toMatchObject({ platform: 'discord', externalId: h.fake.guildId, name: 'Médecins de test' });
  });

  it('runs the questionnaire for three members in ephemeral messages updated in place, in their language', async () => {
    const alice = member('alice', { locale: 'en-US' });
    const bruno = member('bruno', { locale: 'fr' });
    const carol = member('carol', { locale: 'en-GB' });

    const first = await take(alice);
    expect(first.content).toContain('Social networks, medical opinions');
    expect(first.content).toContain('[1/');
    expect(first.content).toContain('You are:');
    await answerUntil(h, alice, first);
    expect(first.content).toContain('Thank you');
    expect(first.components).toEqual([]);

    const french = await take(bruno);
    expect(french.content).toContain('Vous êtes :');
    await answerUntil(h, bruno, french, { plan: { q3: { choice: 0 }, q9: { choice: 3 }, q19: { choice: 0 } } });
    expect(french.content).toContain('Merci');

    const english = await take(carol);
    await answerUntil(h, carol, english, { plan: { q3: { choice: 24 }, q27: 'skip' } });

    expect(await h.app.services.catalog.countResponses(surveyId)).toEqual({ participants: 3, complete: 3 });
    // Bruno never sought an opinion (q9 = never): the eight follow-up items were not asked.
    expect(await countStoredAnswers(h.config.databaseUrl, 'q12')).toBe(2);
  });

  it('renders each item type with the right components', async () => {
    const dana = member('dana');
    const message = await take(dana);
    // q1: single choice as buttons, no Back on the first item.
    expect(customIds(message).filter((c) => c.startsWith('cf:c:'))).toHaveLength(3);
    expect(customIds(message).some((c) => c.startsWith('cf:b:'))).toBe(false);
    await answerUntil(h, dana, message, { stopBefore: 'q3' });
    // q3: 25 specialties in a select menu.
    const select = message.components[0].components[0];
    expect(select).toMatchObject({ type: 3, min_values: 1, max_values: 1 });
    expect(select.options).toHaveLength(25);
    await answerUntil(h, dana, message, { stopBefore: 'q11' });
    // q11: 0–10 as eleven buttons over rows, the legend in the text.
    const scale = customIds(message).filter((c) => c.startsWith('cf:n:'));
    expect(scale).toHaveLength(11);
    expect(message.components.length).toBeGreaterThanOrEqual(3);
    expect(message.content).toContain('0 = not at all useful');
    await answerUntil(h, dana, message, { stopBefore: 'q21' });
    // q21: multiple choice as a select menu with min/max values.
    expect(message.components[0].components[0]).toMatchObject({ type: 3, min_values: 1, max_values: 7 });
    await answerUntil(h, dana, message, { stopBefore: 'q27' });
    // q27: optional text: a button opening a modal, and Skip.
    expect(customIds(message).some((c) => c.startsWith('cf:w:'))).toBe(true);
    expect(customIds(message).some((c) => c.startsWith('cf:k:'))).toBe(true);
  });

  it('asks again, in place, for a text with an identifier, recording nothing', async () => {
    const dana = users.find((u) => u.username === 'dana') as FakeUser;
    const message = [...h.fake.messages.values()].find((m) => currentItem(m)?.item === 'q27') as FakeMessage;
    const before = await progressOf(dana);
    const opener = await h.click(dana, message, findCustomId(message, 'w'));
    const modal = opener.callbacks[0]?.data;
    expect(modal.components[0]).toMatchObject({ type: 18, component: { type: 4, style: 2 } });
    const submit = await h.fake.answered(h.fake.submitModal(dana, opener, 'Écrivez-moi à jean.dupont@example.org'));
    expect(submit.callbacks[0]?.type).toBe(7);
    expect(message.content).toContain('e-mail');
    expect(currentItem(message)?.item).toBe('q27');
    expect(await progressOf(dana)).toEqual(before);
    await answerCurrent(h, dana, message, { text: 'Merci pour ce groupe.' });
    expect(message.content).toContain('Thank you');
  });

  it('lets /lang switch the language of the next prompts', async () => {
    const erin = member('erin', { locale: 'en-US' });
    const lang = await h.command(erin, 'lang', { options: { language: 'fr' } });
    expect(h.fake.original(lang).content).toBe('Langue : français.');
    const message = await take(erin);
    expect(message.content).toContain('Vous êtes :');
  });

  it('resumes at the right item after the bot restarts', async () => {
    const frank = member('frank', { locale: 'fr' });
    const message = await take(frank);
    await answerUntil(h, frank, message, { stopBefore: 'q6' });
    expect((await progressOf(frank))?.cursor).toBe('q6');

    await h.restart();
    expect(h.fake.identifies).toHaveLength(2);

    const resume = await h.command(frank, 'survey', { subcommand: 'resume' });
    const resumed = h.fake.original(resume);
    expect(resumed.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(resumed.content).toContain('Reprise là où vous vous étiez arrêté(e).');
    expect(resumed.content).toContain('[6/');
    expect(currentItem(resumed)?.item).toBe('q6');
    // The buttons of the message shown before the restart still work: the state is stored.
    const click = await answerCurrent(h, frank, message);
    expect(click.callbacks[0]?.type).toBe(7);
    expect(currentItem(message)?.item).toBe('q7');
  });

  it('keeps the address for the one reminder only encrypted, on the in-progress link', async () => {
    const grace = member('grace');
    await take(grace);
    const key = h.app.keyring.participantKey({ platform: 'discord', userId: grace.id }, surveyId);
    const link = await h.app.db.inProgressResponse.findUniqueOrThrow({ where: { participantKey: key } });
    expect(link.encryptedAddress).not.toBeNull();
    expect(link.encryptedAddress).not.toContain(grace.id);
    expect(h.app.keyring.decryptAddress(link.encryptedAddress!)).toBe(grace.id);
  });

  it('refuses forged custom_ids and turns an outdated copy into the current question, changing nothing', async () => {
    const gina = member('gina');
    const first = await take(gina);
    await answerUntil(h, gina, first, { stopBefore: 'q2' });
    // A second questionnaire message, as when the member runs /survey resume again.
    const second = h.fake.original(await h.command(gina, 'survey', { subcommand: 'resume' }));
    await answerCurrent(h, gina, first);
    expect(currentItem(first)?.item).toBe('q3');
    const before = snapshot(h.databaseFile);
    const firstContent = first.content;

    const otherSurvey = '00000000-0000-4000-8000-000000000000';
    const attempts = [
      { id: findCustomId(second, 'c', 0), stale: 'a button of an earlier item on another message', rerender: true },
      { id: `cf:c:${surveyId}:q3:25`, stale: 'one choice more than the item has' },
      { id: `cf:c:${surveyId}:q2:99`, stale: 'a choice index out of range' },
      { id: `cf:c:${otherSurvey}:q3:0`, stale: 'a survey that does not exist' },
      { id: `cf:n:${surveyId}:q3:5`, stale: 'a scale value on a single-choice item' },
      { id: `cf:b:${surveyId}:q1`, stale: 'Back from an item that is not current', rerender: true },
      { id: `cf:k:${surveyId}:q3`, stale: 'Skip on a required item' },
      { id: `cf:x:${surveyId}:q3`, stale: 'a modal submission as a button' },
      { id: `cf:c:${surveyId}:zz:0`, stale: 'an unknown item' },
      { id: 'hello', stale: 'not a custom_id of ours' },
      { id: `cf:c:${surveyId}:q3:0:extra`, stale: 'a trailing field' },
      { id: `cf:c:${surveyId}:${'q'.repeat(90)}:0`, stale: 'an oversized custom_id' },
    ];
    for (const attempt of attempts) {
      const interaction = await h.fake.answered(h.fake.forge(gina, second, attempt.id));
      if ('rerender' in attempt) {
        // The outdated copy now shows the current question, live, with a notice.
        expect(interaction.callbacks[0], attempt.stale).toMatchObject({ type: 7 });
        expect(h.fake.original(interaction).id).toBe(second.id);
        expect(currentItem(second)?.item, attempt.stale).toBe('q3');
        expect(second.content, attempt.stale).toContain('nothing was changed');
        continue;
      }
      expect(interaction.callbacks[0], attempt.stale).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
      expect(h.fake.original(interaction).content, attempt.stale).toContain('nothing was changed');
    }
    const selectId = findCustomId(first, 's');
    for (const values of [['99'], ['0', '0'], ['-1'], ['abc'], ['0', '1']]) {
      const interaction = await h.fake.answered(h.fake.forge(gina, first, selectId, { componentType: 3, values }));
      expect(h.fake.original(interaction).content, values.join(',')).toContain('nothing was changed');
    }
    expect(snapshot(h.databaseFile)).toEqual(before);
    expect(first.content).toBe(firstContent);
  });

  it('records one answer for a double click, and goes back one item for a double Back', async () => {
    const hugo = member('hugo');
    const message = await take(hugo);
    const button = findCustomId(message, 'c', 1);
    const [one, two] = [h.fake.click(hugo, message, button), h.fake.click(hugo, message, button)];
    await Promise.all([h.fake.answered(one), h.fake.answered(two)]);
    // One click answers; the other, now outdated, shows the current question again in place.
    const kinds = [one, two].map((i) => (i.callbacks[0]?.type === 7 ? 'update' : 'refused')).sort();
    expect(kinds).toEqual(['update', 'update']);
    const progress = await progressOf(hugo);
    expect(progress).toEqual({ cursor: 'q2', answers: { q1: 'male' } });
    expect(currentItem(message)?.item).toBe('q2');

    await answerUntil(h, hugo, message, { stopBefore: 'q4' });
    const back = findCustomId(message, 'b');
    const [b1, b2] = [h.fake.click(hugo, message, back), h.fake.click(hugo, message, back)];
    await Promise.all([h.fake.answered(b1), h.fake.answered(b2)]);
    expect((await progressOf(hugo))?.cursor).toBe('q3');
    expect(currentItem(message)?.item).toBe('q3');
  });

  it('deletes an in-progress response with /forget; its old buttons then change nothing', async () => {
    const hugo = users.find((u) => u.username === 'hugo') as FakeUser;
    const forget = await h.command(hugo, 'forget');
    expect(h.fake.original(forget).content).toContain('deleted');
    expect(await progressOf(hugo)).toBeNull();
    const message = [...h.fake.messages.values()].find((m) => currentItem(m)?.item === 'q3' && m.content.includes('[3/')) as FakeMessage;
    const click = await h.fake.answered(h.fake.forge(hugo, message, `cf:s:${surveyId}:q3`, { componentType: 3, values: ['0'] }));
    expect(h.fake.original(click).content).toContain('no response in progress');
  });

  it('answers in a DM the commands that make sense there, and refuses the others', async () => {
    const ivan = member('ivan');
    const help = await h.command(ivan, 'help', { dm: true });
    expect(h.fake.original(help).content).toContain('/survey');
    const survey = await h.command(ivan, 'survey', { subcommand: 'resume', dm: true });
    expect(h.fake.original(survey).content).toBe('This command is used in a community (server or group).');
  });

  it('follows and closes the survey; afterwards its buttons say it is closed', async () => {
    const admin = users.find((u) => u.username === 'dr.admin') as FakeUser;
    const status = await h.command(admin, 'survey', { subcommand: 'status' });
    expect(h.fake.original(status).content).toMatch(/^Questionnaire ouvert : \d+ participant\(s\), 4 réponse\(s\) complète\(s\)/);
    const close = await h.command(admin, 'survey', { subcommand: 'close' });
    expect(h.fake.original(close).flags & EPHEMERAL).toBe(0);
    const gina = users.find((u) => u.username === 'gina') as FakeUser;
    const late = await h.click(gina, announcement, findCustomId(announcement, 't'));
    expect(h.fake.original(late).content).toBe('The survey is closed.');
    const frank = users.find((u) => u.username === 'frank') as FakeUser;
    const resumed = await h.command(frank, 'survey', { subcommand: 'resume' });
    expect(h.fake.original(resumed).content).toBe('Le questionnaire est clos.');
  });

  it('answered every interaction once, with no REST call the fake does not know', () => {
    expect(h.fake.problems).toEqual([]);
    for (const interaction of h.fake.interactions.values()) expect(interaction.callbacks).toHaveLength(1);
    expect(stray).toEqual([]);
  });

  it('keeps no Discord user id or username in any table, and none in the logs', () => {
    const needles = users.flatMap((u) => [u.id, u.username]);
    expect(findValues(h.databaseFile, needles)).toEqual([]);
    const log = h.logs.join('\n');
    for (const needle of [...needles, TOKEN]) expect(log).not.toContain(needle);
    for (const interaction of h.fake.interactions.values()) expect(log).not.toContain(interaction.token);
  });
});
