/**
 * Telegram fixes for production: membership re-checked on presses and typed answers (with a
 * short cache), a press on an outdated copy of the questionnaire re-renders the current
 * question there, and a member's own presses are not queued behind the per-chat throttle
 * while group posts and broadcasts are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transformer } from 'grammy';
import { MembershipCache, type Membership } from '../../../src/platforms/telegram/membership.ts';
import { createThrottles } from '../../../src/platforms/telegram/throttle.ts';
import { buttonLabels, type FakeChat, type FakeMessage } from './fake-bot-api.ts';
import { FIRST_CHOICES, openSurveyInGroup, Player, responseState, startHarness, type Harness } from './harness.ts';

const MEMBERS_ONLY_FR =
  'Ce questionnaire est réservé aux membres du groupe qui l’a publié, et vous n’en faites pas partie. Rejoignez le groupe, puis rouvrez le lien.';

describe('Telegram: membership re-checked while answering', () => {
  let h: Harness;
  let link: string;
  let group: FakeChat;

  beforeAll(async () => {
    // No cache here: each press asks Telegram, so leaving takes effect at the next press.
    h = await startHarness({ telegram: { membershipTtlMs: 0 } });
    ({ link, group } = await openSurveyInGroup(h));
  });

  afterAll(async () => {
    await h?.close();
  });

  it('refuses a press and a typed answer from a member who left the group, and stores nothing', async () => {
    const player = new Player(h.fake, h.fake.user(8701, 'Leaver', { language_code: 'fr' }));
    h.fake.setStatus(group, player.user, 'member');
    await player.openLink(link);
    await player.answerOne(FIRST_CHOICES);
    expect(player.progress()?.[0]).toBe(2);
    const answers = () => (responseState(h.config.databaseUrl) as { answers: unknown[] }).answers.length;
    const stored = answers();

    h.fake.setStatus(group, player.user, 'left');
    const question = player.questionMessage() as FakeMessage;
    const checks = h.fake.callsOf('getChatMember').length;
    const id = await player.press(question, buttonLabels(question)[0] ?? '', false);
    expect(h.fake.callbackAnswer(id)?.text).toBe(MEMBERS_ONLY_FR);
    expect(h.fake.callsOf('getChatMember').length).toBe(checks + 1);
    expect(player.progress()?.[0]).toBe(2);

    const [reply] = await player.say('1');
    expect(reply?.text).toBe(MEMBERS_ONLY_FR);
    expect(answers()).toBe(stored);

    // Back in the group, the same buttons work again.
    h.fake.setStatus(group, player.user, 'member');
    await player.answerOne(FIRST_CHOICES);
    expect(player.progress()?.[0]).toBe(3);
  });

  it('re-renders the current question in an outdated copy instead of leaving a dead keyboard', async () => {
    const player = new Player(h.fake, h.fake.user(8702, 'TwoCopies', { language_code: 'fr' }));
    h.fake.setStatus(group, player.user, 'member');
    await player.openLink(link);
    const oldCopy = player.questionMessage() as FakeMessage;
    // /survey shows the current question again in a new message; the old one keeps its buttons.
    await player.say('/survey', undefined, 2);
    const newCopy = player.questionMessage() as FakeMessage;
    expect(newCopy.message_id).not.toBe(oldCopy.message_id);
    await player.answerOne(FIRST_CHOICES);
    expect(player.progress()?.[0]).toBe(2);
    const stored = (responseState(h.config.databaseUrl) as { answers: unknown[] }).answers.length;

    const live = () => h.fake.messages(player.chat).find((m) => m.message_id === oldCopy.message_id) as FakeMessage;
    await player.press(live(), buttonLabels(live())[1] ?? '');
    await h.fake.waitFor('the old copy to show the current question', () => live().text === player.questionMessage()?.text);
    expect(live().text).toMatch(/^\[2\//);
    expect(buttonLabels(live())).toEqual(buttonLabels(player.questionMessage() as FakeMessage));
    expect((responseState(h.config.databaseUrl) as { answers: unknown[] }).answers.length).toBe(stored);

    // The re-rendered copy is live: pressing it answers the current question.
    await player.press(live(), buttonLabels(live())[0] ?? '');
    await h.fake.waitFor('the answer from the old copy', () => /^\[3\//.test(live().text ?? ''));
  });
});

describe('Telegram: membership cache', () => {
  it('remembers a "member" answer for its lifetime only, and never a refusal', async () => {
    let now = 0;
    const cache = new MembershipCache(60_000, () => now);
    const community = { id: 'c1', platform: 'telegram', externalId: '-100', name: 'g' } as never;
    let asked = 0;
    let answer: Membership = 'member';
    const ask = async () => {
      asked++;
      return answer;
    };
    expect(await cache.check('k', community, ask)).toBe('member');
    now = 59_000;
    expect(await cache.check('k', community, ask)).toBe('member');
    expect(asked).toBe(1);
    now = 61_000;
    answer = 'outsider';
    expect(await cache.check('k', community, ask)).toBe('outsider');
    expect(await cache.check('k', community, ask)).toBe('outsider');
    expect(asked).toBe(3);
  });
});

describe('Telegram: throttling', () => {
  /** Calls the transformer `n` times at once and counts how many reach Telegram before any finishes. */
  async function reachedAtOnce(transformer: Transformer, method: string, chatId: number, n = 3): Promise<number> {
    let reached = 0;
    const release: (() => void)[] = [];
    const prev = ((() => {
      reached++;
      return new Promise((resolve) => release.push(() => resolve({ ok: true, result: true })));
    }) as unknown) as Parameters<Transformer>[0];
    const calls = Array.from({ length: n }, () => transformer(prev, method as never, { chat_id: chatId, text: 'x' } as never, undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const count = reached;
    // Let everything finish so no timer is left behind.
    const drain = setInterval(() => release.splice(0).forEach((r) => r()), 10);
    await Promise.all(calls);
    clearInterval(drain);
    return count;
  }

  it('sends edits and messages answering a member in their private chat at once', async () => {
    const { interactive } = createThrottles();
    expect(await reachedAtOnce(interactive, 'editMessageText', 4242)).toBe(3);
    expect(await reachedAtOnce(interactive, 'sendMessage', 4243)).toBe(3);
  });

  it('keeps group posts and broadcasts (reminders included) at one at a time per chat', async () => {
    const { interactive, broadcast } = createThrottles({ group: { maxConcurrent: 1, minTime: 20 }, out: { maxConcurrent: 1, minTime: 20 } });
    expect(await reachedAtOnce(interactive, 'sendMessage', -1001)).toBe(1);
    expect(await reachedAtOnce(broadcast, 'sendMessage', 4244)).toBe(1);
    expect(await reachedAtOnce(broadcast, 'sendMessage', -1002)).toBe(1);
  });
});

describe('Telegram: digest destination', () => {
  let h: Harness;
  let group: FakeChat;

  beforeAll(async () => {
    h = await startHarness();
    // As main.ts does: the adapter's publisher is the one scheduled posts and checks go through.
    h.app.schedule.publishers.set('telegram', h.telegram.publisher);
    ({ group } = await openSurveyInGroup(h));
  });

  afterAll(async () => {
    await h?.close();
  });

  async function configure(channel: string): Promise<string> {
    const admin = h.fake.user(9001, 'Admin', { username: 'admin_md', language_code: 'fr' });
    const before = h.fake.botMessages(group).length;
    h.fake.send(admin, group, `/digest config channel:${channel}`);
    const [reply] = await h.fake.waitFor('the answer', () => (h.fake.botMessages(group).length > before ? h.fake.botMessages(group).slice(before) : null));
    return reply?.text ?? '';
  }

  it('refuses another group the bot is in and a chat it cannot see; takes the linked channel and the group itself', async () => {
    const other = h.fake.group(-1009000000002, 'Un autre groupe');
    h.fake.addBotToGroup(other, h.fake.user(9002, 'OtherAdmin'));
    const linked = h.fake.channel(-1009000000003, 'Annonces', { linkedTo: group });
    expect(await configure(String(other.id))).toContain('n’est pas un salon de cette communauté');
    expect(await configure('-1009999999999')).toContain('Je ne vois pas');
    const community = await h.app.services.catalog.findCommunity('telegram', String(group.id));
    expect((await h.app.services.digests.show(community!, new Date())).settings.destination).toBeNull();
    expect(await configure(String(linked.id))).toContain('Réglages enregistrés');
    expect((await h.app.services.digests.show(community!, new Date())).settings.destination).toBe(String(linked.id));
    expect(await configure(String(group.id))).toContain('Réglages enregistrés');
  });
});
