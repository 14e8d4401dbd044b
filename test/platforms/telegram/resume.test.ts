/**
 * A member stops halfway, the bot restarts (new process state, same database), and the member
 * continues at the right item, from the old message's buttons or from the deep link again;
 * /lang switches the language of the questions, /forget deletes the response in progress.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFilePath } from '../../../src/store/database-url.ts';
import { buttonLabels, type FakeMessage } from './fake-bot-api.ts';
import { FIRST_CHOICES, openSurveyInGroup, Player, startHarness, type Harness } from './harness.ts';

describe('Telegram: resuming after a restart', () => {
  let h: Harness;
  let link: string;
  let player: Player;

  beforeAll(async () => {
    h = await startHarness();
    const opened = await openSurveyInGroup(h);
    link = opened.link;
    player = new Player(h.fake, h.fake.user(8201, 'Halfway', { username: 'halfway_md', language_code: 'fr' }));
    h.fake.setStatus(opened.group, player.user, 'member');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('continues at the right item after the bot restarts', async () => {
    await player.openLink(link);
    for (let i = 0; i < 7; i++) await player.answerOne(FIRST_CHOICES);
    expect(player.progress()?.[0]).toBe(8);
    const question = player.questionMessage() as FakeMessage;
    const shownBefore = question.text;
    const messagesBefore = h.fake.botMessages(player.chat).length;

    await h.restart();

    // The buttons of the message on screen still work: they carry no state of the old process.
    await player.press(question, buttonLabels(question)[0] ?? '');
    expect(player.progress()?.[0]).toBe(9);
    expect(player.questionMessage()?.message_id).toBe(question.message_id);
    // Updates handled before the restart were confirmed, so none was handled twice.
    expect(h.fake.botMessages(player.chat).length).toBe(messagesBefore);
    expect(shownBefore).toMatch(/^\[8\//);
  });

  it('keeps the private chat, encrypted, on the in-progress link for a reminder', async () => {
    const db = new Database(sqliteFilePath(h.config.databaseUrl), { readonly: true });
    const sealed = (db.prepare('SELECT encryptedAddress FROM InProgressResponse').all() as { encryptedAddress: string | null }[]).map((r) => r.encryptedAddress);
    db.close();
    expect(sealed).toHaveLength(1);
    expect(sealed[0]).not.toContain(String(player.user.id));
    const address = h.app.keyring.decryptAddress(sealed[0] ?? '');
    expect(address).toBe(String(player.chat.id));
    expect(await h.telegram.publisher.sendPrivate(address, { text: 'Rappel : votre questionnaire vous attend.' })).toBe(true);
    expect(h.fake.lastBotMessage(player.chat)?.text).toBe('Rappel : votre questionnaire vous attend.');
  });

  it('resumes from the deep link at the same item', async () => {
    const answers = await player.say(`/start ${new URL(link).searchParams.get('start')}`);
    await h.fake.waitFor('the question', () => h.fake.botMessages(player.chat).length > 0 && /^\[9\//.test(h.fake.lastBotMessage(player.chat)?.text ?? ''));
    expect(answers[0]?.text).toBe('Reprise là où vous vous étiez arrêté(e).');
    expect(player.progress()?.[0]).toBe(9);
  });

  it('switches to English with /lang and shows the same item in English', async () => {
    const answers = await player.say('/lang en');
    expect(answers[0]?.text).toBe('Language: English.');
    await player.say('/survey');
    await h.fake.waitFor('the question in English', () => /^\[9\/\d+\] Have you ever asked the group/.test(h.fake.lastBotMessage(player.chat)?.text ?? ''));
    expect(buttonLabels(player.questionMessage())).toContain('‹ Back');
  });

  it('deletes the response in progress with /forget, and starts over from the link', async () => {
    const answers = await player.say('/forget');
    expect(answers[0]?.text).toMatch(/^Your in-progress response was deleted|deleted/);
    await player.openLink(link);
    expect(player.progress()?.[0]).toBe(1);
  });

  it('refuses a link that names no survey, and admin commands in the private chat', async () => {
    const refused = await player.say('/start notAToken123');
    expect(refused[0]?.text).toBe('This survey link is no longer valid. Ask for the current link in your group.');
    const admin = await player.say('/survey close');
    expect(admin[0]?.text).toBe('This command is used in the group, by an admin.');
  });
});
