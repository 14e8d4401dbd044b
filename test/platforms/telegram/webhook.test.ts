/**
 * Webhook mode: the bot sets its webhook with the secret, refuses requests without the right
 * X-Telegram-Bot-Api-Secret-Token header, and runs the same flows from POSTed updates,
 * including a redelivered update that must record one answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonLabels, type FakeMessage } from './fake-bot-api.ts';
import { FIRST_CHOICES, openSurveyInGroup, Player, responseState, startHarness, type Harness } from './harness.ts';

describe('Telegram: webhook mode', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ webhook: true });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('sets the webhook with the secret instead of polling', () => {
    expect(h.fake.webhook).toEqual({ url: h.config.TELEGRAM_WEBHOOK_URL, secret: h.config.TELEGRAM_WEBHOOK_SECRET });
    expect(h.fake.callsOf('getUpdates')).toEqual([]);
    expect(h.fake.callsOf('setWebhook')[0]?.payload['allowed_updates']).toEqual(['message', 'callback_query', 'my_chat_member', 'message_reaction', 'message_reaction_count']);
  });

  it('refuses updates without the right secret header', async () => {
    const forged = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: '/help' } };
    expect(await h.fake.postToWebhook(forged, undefined)).toBe(401);
    expect(await h.fake.postToWebhook(forged, 'wrong-secret')).toBe(401);
    expect(await h.fake.postToWebhook(forged, `${h.config.TELEGRAM_WEBHOOK_SECRET}x`)).toBe(401);
    expect(h.fake.callsOf('sendMessage')).toEqual([]);
  });

  it('runs the survey from webhook updates, and handles a redelivered update once', async () => {
    const { link, group } = await openSurveyInGroup(h);
    const player = new Player(h.fake, h.fake.user(8401, 'Hooked', { language_code: 'en' }));
    h.fake.setStatus(group, player.user, 'member');
    await player.openLink(link);
    await player.answerOne(FIRST_CHOICES);
    await player.answerOne(FIRST_CHOICES);
    expect(player.progress()?.[0]).toBe(3);

    const question = player.questionMessage() as FakeMessage;
    const before = (responseState(h.config.databaseUrl) as { answers: unknown[] }).answers.length;
    h.fake.duplicateNextDelivery();
    const id = await player.press(question, buttonLabels(question)[0] ?? '');
    const deliveriesOf = () => h.fake.webhookDeliveries.filter((d) => d.updateId === h.fake.lastUpdateId);
    await h.fake.waitFor('both deliveries', () => deliveriesOf().length >= 2);
    // The second delivery is recognised (same update_id) and not handled again: one answer, one callback answer.
    expect(h.fake.callsOf('answerCallbackQuery').filter((c) => String(c.payload['callback_query_id']) === id)).toHaveLength(1);
    expect((responseState(h.config.databaseUrl) as { answers: unknown[] }).answers.length).toBe(before + 1);
    expect(player.progress()?.[0]).toBe(4);
    expect(h.fake.webhookDeliveries.every((d) => d.status === 200)).toBe(true);
  });
});
