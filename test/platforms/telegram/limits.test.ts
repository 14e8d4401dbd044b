/**
 * Telegram's limits and failures: a 429 with retry_after is retried and nothing is lost, long
 * texts are split at 4096 characters, captions kept within 1024, files sent as photo or
 * document, a member who never opened the private chat is reported unreachable, and typed
 * answers (numbers, free text with the identifier check) work through the ForceReply prompt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonLabels, type FakeChat, type FakeMessage } from './fake-bot-api.ts';
import { LAST_CHOICES, openSurveyInGroup, Player, responseState, startHarness, type Harness } from './harness.ts';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 1)]);

describe('Telegram: limits, retries and typed answers', () => {
  let h: Harness;
  let link: string;
  let group: FakeChat;

  beforeAll(async () => {
    h = await startHarness();
    ({ link, group } = await openSurveyInGroup(h));
  });

  afterAll(async () => {
    await h?.close();
  });

  it('retries a call refused with 429 after retry_after, and loses no message', async () => {
    const player = new Player(h.fake, h.fake.user(8301, 'Flood', { language_code: 'fr' }));
    h.fake.setStatus(group, player.user, 'member');
    await player.openLink(link);
    const question = player.questionMessage() as FakeMessage;
    h.fake.failNext('editMessageText', 1, { status: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    await player.press(question, buttonLabels(question)[0] ?? '');
    expect(player.progress()?.[0]).toBe(2);
    const edits = h.fake.callsOf('editMessageText').map((c) => c.status);
    expect(edits).toEqual([429, 200]);
    expect(h.logs.some((line) => line.includes('telegram rate limited'))).toBe(true);

    const sentBefore = h.fake.botMessages(group).length;
    h.fake.failNext('sendMessage', 1, { status: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    await h.telegram.publisher.postToCommunity(String(group.id), { text: 'Rappel : le questionnaire est ouvert.' });
    expect(h.fake.botMessages(group).slice(sentBefore).map((m) => m.text)).toEqual(['Rappel : le questionnaire est ouvert.']);
  });

  it('splits texts over 4096 characters and keeps captions within 1024', async () => {
    const paragraph = (n: number) => `Paragraphe ${n}. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(12)}`.trim();
    const text = Array.from({ length: 20 }, (_, i) => paragraph(i + 1)).join('\n\n');
    expect(text.length).toBeGreaterThan(12_000);
    const before = h.fake.botMessages(group).length;
    await h.telegram.publisher.postToCommunity(String(group.id), {
      text,
      files: [
        { name: 'chart.png', data: PNG, description: 'Figure 1. '.repeat(200) },
        { name: 'results.csv', data: Buffer.from('item,n\nq1,12\n'), description: 'Export' },
      ],
    });
    const sent = h.fake.botMessages(group).slice(before);
    const texts = sent.filter((m) => m.text !== undefined).map((m) => m.text ?? '');
    expect(texts.length).toBeGreaterThanOrEqual(3);
    expect(texts.every((t) => t.length <= 4096)).toBe(true);
    expect(texts.join('\n\n')).toBe(text);
    const photo = sent.find((m) => m.photo);
    expect(photo?.caption?.length).toBeLessThanOrEqual(1024);
    expect(photo?.bytes?.equals(PNG)).toBe(true);
    expect(sent.find((m) => m.document)?.document?.file_name).toBe('results.csv');
  });

  it('reports a member who never opened the private chat as unreachable', async () => {
    const stranger = h.fake.user(8302, 'Stranger', { language_code: 'fr' });
    expect(await h.telegram.publisher.sendPrivate(String(stranger.id), { text: 'Rappel' })).toBe(false);
    const known = new Player(h.fake, h.fake.user(8303, 'Known', { language_code: 'fr' }));
    await known.say('/help');
    expect(await h.telegram.publisher.sendPrivate(String(known.user.id), { text: 'Rappel' })).toBe(true);
    expect(h.fake.lastBotMessage(known.chat)?.text).toBe('Rappel');
  });

  it('takes typed answers: an option number, and free text through ForceReply with the identifier check', async () => {
    const player = new Player(h.fake, h.fake.user(8304, 'Typist', { language_code: 'fr' }));
    h.fake.setStatus(group, player.user, 'member');
    await player.openLink(link);
    await player.say('2');
    expect(player.progress()?.[0]).toBe(2);
    const wrong = await player.say('42');
    expect(wrong[0]?.text).toMatch(/^Il n’y a pas d’option 42/);

    // On to the free-text item "Laquelle ?" (q19 answered "yes, a paid one").
    while (!/^\[\d+\/\d+\] Laquelle/.test(player.questionMessage()?.text ?? '')) await player.answerOne(LAST_CHOICES);
    const prompt = await h.fake.waitFor('the ForceReply prompt', () => {
      const last = h.fake.lastBotMessage(player.chat);
      return last?.reply_markup?.force_reply ? last : undefined;
    });
    expect(prompt.text).toMatch(/^✍️ \[\d+\/\d+\] Laquelle \?/);
    const before = responseState(h.config.databaseUrl);
    const refused = await player.say('Écrivez-moi à jean.dupont@example.com', prompt, 2);
    expect(refused[0]?.text).toMatch(/semble contenir une adresse e-mail/);
    expect(refused[1]?.reply_markup?.force_reply).toBe(true);
    expect(responseState(h.config.databaseUrl)).toEqual(before);
    const progress = player.progress()?.[0] ?? 0;
    await player.say('Omnidoc', refused[1]);
    expect(player.progress()?.[0]).toBe(progress + 1);
  });

  it('follows a group upgraded to a supergroup to its new chat id', async () => {
    const old = h.fake.group(-4455, 'Petit groupe');
    const admin = h.fake.user(8305, 'Owner', { language_code: 'fr' });
    h.fake.setStatus(old, admin, 'creator');
    h.fake.addBotToGroup(old, admin);
    await h.fake.waitFor('the greeting', () => h.fake.lastBotMessage(old));
    const community = await h.app.services.catalog.findCommunity('telegram', '-4455');
    h.fake.push({ message: { message_id: 99, date: 0, chat: old, from: admin, migrate_to_chat_id: -1004455 } });
    const found = await waitUntil(() => h.app.services.catalog.findCommunity('telegram', '-1004455'));
    expect(found?.id).toBe(community?.id);
  });

  it('answers unknown methods with a 404 the way Telegram does', async () => {
    const response = await fetch(`${h.fake.apiRoot}/bot${h.fake.token}/sendTelepathicMessage`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });
});

/** Polls an asynchronous probe (a database read) until it returns something. */
async function waitUntil<T>(probe: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('Timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
