/**
 * Callback data is untrusted: forged, stale and repeated presses get a short answer and
 * change nothing; a redelivered update and a double tap record one answer; every callback
 * query is answered; an error in one update does not stop the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonLabels, type FakeChat, type FakeMessage } from './fake-bot-api.ts';
import { FIRST_CHOICES, openSurveyInGroup, Player, responseState, startHarness, type Harness } from './harness.ts';

const UNKNOWN = 'Bouton inconnu ou expiré ; rien n’a été modifié.';
const STALE = 'Ce bouton ne correspond plus à la question en cours ; rien n’a été modifié.';

describe('Telegram: untrusted and repeated input', () => {
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

  async function pressRaw(player: Player, message: FakeMessage, data: string): Promise<string | undefined> {
    const id = h.fake.pressData(player.user, message, data);
    const answer = await h.fake.waitFor(`the answer to ${data}`, () => {
      const a = h.fake.callbackAnswer(id);
      return a?.answered ? a : undefined;
    });
    return answer.text;
  }

  it('refuses forged callback data with a short answer and changes nothing', async () => {
    const player = new Player(h.fake, h.fake.user(8101, 'Forger', { language_code: 'fr' }));
    h.fake.setStatus(group, player.user, 'member');
    await player.openLink(link);
    await player.answerOne(FIRST_CHOICES);
    await player.answerOne(FIRST_CHOICES);
    const question = player.questionMessage() as FakeMessage;
    expect(player.progress()?.[0]).toBe(3);
    const real = (question.reply_markup?.inline_keyboard ?? []).flat()[0]?.callback_data ?? '';
    const [, tag, item] = real.split(':');
    const before = responseState(h.config.databaseUrl);
    const edits = question.edits;

    const forged: [string, string][] = [
      ['garbage', UNKNOWN],
      [`c:${tag}:${item}`, UNKNOWN],
      [`c:${tag}:${item}:99`, UNKNOWN],
      [`c:${tag}:999:0`, UNKNOWN],
      [`c:${tag}:0${item}:0`, UNKNOWN],
      [`s:${tag}:${item}:5`, UNKNOWN],
      [`d:${tag}:${item}`, UNKNOWN],
      [`c:${tag}:${item}:0${'x'.repeat(60)}`, UNKNOWN],
      [`c:AAAAAAAA:${item}:0`, STALE],
      [`c:${tag}:5:0`, STALE],
      [`k:${tag}:${item}`, 'Cette question est obligatoire.'],
    ];
    for (const [data, expected] of forged) expect(await pressRaw(player, question, data), data).toBe(expected);

    expect(responseState(h.config.databaseUrl)).toEqual(before);
    expect(question.edits).toBe(edits);
    expect(player.progress()?.[0]).toBe(3);
  });

  it('refuses a stale button of an earlier question and changes nothing', async () => {
    const player = new Player(h.fake, h.fake.user(8102, 'Stale', { language_code: 'fr' }));
    h.fake.setStatus(group, player.user, 'member');
    await player.openLink(link);
    const atFirst = structuredClone(player.questionMessage() as FakeMessage);
    await player.answerOne(FIRST_CHOICES);
    const atSecond = structuredClone(player.questionMessage() as FakeMessage);
    await player.answerOne(FIRST_CHOICES);
    const before = responseState(h.config.databaseUrl);

    const old = (atFirst.reply_markup?.inline_keyboard ?? []).flat()[1]?.callback_data ?? '';
    expect(await pressRaw(player, atFirst, old)).toBe(STALE);
    const back = (atSecond.reply_markup?.inline_keyboard ?? []).flat().find((b) => b.text.startsWith('‹'))?.callback_data ?? '';
    expect(await pressRaw(player, atSecond, back)).toBe(STALE);

    expect(responseState(h.config.databaseUrl)).toEqual(before);
    expect(player.progress()?.[0]).toBe(3);
  });

  it('records one answer when the same update is delivered twice', async () => {
    const player = new Player(h.fake, h.fake.user(8103, 'Twice', { language_code: 'fr' }));
    h.fake.setStatus(group, player.user, 'member');
    await player.openLink(link);
    await player.answerOne(FIRST_CHOICES);
    const question = player.questionMessage() as FakeMessage;
    const answersBefore = countAnswers();
    h.fake.duplicateNextDelivery();
    const id = await player.press(question, buttonLabels(question)[0] ?? '');
    // The bot saw the update twice: it tried to answer the same query twice.
    await h.fake.waitFor('the second delivery', () => h.fake.callsOf('answerCallbackQuery').filter((c) => String(c.payload['callback_query_id']) === id).length === 2);
    expect(countAnswers()).toBe(answersBefore + 1);
    expect(player.progress()?.[0]).toBe(3);
  });

  it('records one answer for a double tap, and ticks a multiple choice once', async () => {
    const player = new Player(h.fake, h.fake.user(8104, 'DoubleTap', { language_code: 'fr' }));
    h.fake.setStatus(group, player.user, 'member');
    await player.openLink(link);
    const question = player.questionMessage() as FakeMessage;
    const label = buttonLabels(question)[0] ?? '';
    const answersBefore = countAnswers();
    const first = h.fake.press(player.user, question, label);
    const second = h.fake.press(player.user, question, label);
    await h.fake.waitFor('both answers', () => h.fake.callbackAnswer(first)?.answered && h.fake.callbackAnswer(second)?.answered);
    await h.fake.waitFor('the next question', () => player.progress()?.[0] === 2);
    const texts = [h.fake.callbackAnswer(first)?.text, h.fake.callbackAnswer(second)?.text];
    expect(texts.filter((t) => t === STALE)).toHaveLength(1);
    expect(countAnswers()).toBe(answersBefore + 1);

    // On to the first multiple choice: two taps on one option tick it, they do not untick it.
    while (!buttonLabels(player.questionMessage()).includes('Valider')) await player.answerOne(FIRST_CHOICES);
    const multi = player.questionMessage() as FakeMessage;
    // "Done" with nothing ticked is refused with the minimum, and nothing moves.
    expect(await pressRaw(player, multi, (multi.reply_markup?.inline_keyboard ?? []).flat().find((b) => b.text === 'Valider')?.callback_data ?? '')).toBe(
      'Choisissez au moins 1 option(s).',
    );
    const option = buttonLabels(multi)[1] ?? '';
    const a = h.fake.press(player.user, multi, option);
    const b = h.fake.press(player.user, multi, option);
    await h.fake.waitFor('both ticks answered', () => h.fake.callbackAnswer(a)?.answered && h.fake.callbackAnswer(b)?.answered);
    await h.fake.waitFor('the tick', () => buttonLabels(player.questionMessage()).includes(`✓ ${option}`));
    expect(buttonLabels(player.questionMessage()).filter((l) => l.startsWith('✓ '))).toEqual([`✓ ${option}`]);
    const progress = player.progress()?.[0] ?? 0;
    const answersAtMulti = countAnswers();
    const done1 = h.fake.press(player.user, multi, 'Valider');
    const done2 = h.fake.press(player.user, multi, 'Valider');
    await h.fake.waitFor('both confirmations answered', () => h.fake.callbackAnswer(done1)?.answered && h.fake.callbackAnswer(done2)?.answered);
    await h.fake.waitFor('the next question', () => player.progress()?.[0] === progress + 1);
    expect(countAnswers()).toBe(answersAtMulti + 1);
  });

  it('answers every callback query exactly once', () => {
    const queries = h.fake.allCallbackQueries();
    expect(queries.length).toBeGreaterThan(20);
    expect(queries.filter(([, q]) => !q.answered)).toEqual([]);
    const successful = h.fake.callsOf('answerCallbackQuery').filter((c) => c.status === 200).map((c) => String(c.payload['callback_query_id']));
    expect(new Set(successful).size).toBe(successful.length);
  });

  it('keeps running after an update fails unexpectedly', async () => {
    const player = new Player(h.fake, h.fake.user(8105, 'Unlucky', { language_code: 'fr' }));
    await player.say('/help');
    h.fake.failNext('sendMessage', 1, { status: 400, description: 'Bad Request: something unexpected' });
    h.fake.send(player.user, player.chat, '/help');
    await h.fake.waitFor('the error to be logged', () => h.logs.some((line) => line.includes('telegram update failed')));
    const answers = await player.say('/help');
    expect(answers[0]?.text).toMatch(/^Commandes disponibles/);
  });

  /** Answers in the database; tests run one player at a time, so deltas are that player's. */
  function countAnswers(): number {
    return (responseState(h.config.databaseUrl) as { answers: unknown[] }).answers.length;
  }
});
