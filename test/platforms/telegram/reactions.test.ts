/**
 * 👍 reactions as CME endorsements through the real grammY bot and the fake Bot API: the bot
 * asks for message_reaction and message_reaction_count in allowed_updates (polling and
 * webhook), and, as an admin of the group, counts a 👍 added (+1) or removed (-1) on the
 * message a point was captured from, and follows the totals of anonymous reactions. Who
 * reacted is never stored.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findInDatabase } from '../../support/anonymity-audit.ts';
import type { FakeChat, FakeMessage, FakeUser } from './fake-bot-api.ts';
import { startHarness, type Harness } from './harness.ts';

const REACTION_UPDATES = ['message_reaction', 'message_reaction_count'];

/** A group with the bot as admin, and a member's message captured as a CME point with /cme in reply. */
async function groupWithPoint(h: Harness, id: number, options: { username?: string } = {}) {
  const group = h.fake.group(id, 'Groupe réactions', options);
  const admin = h.fake.user(9101, 'Admin', { language_code: 'fr' });
  const sharer = h.fake.user(9102, 'Sharer', { language_code: 'fr' });
  h.fake.setStatus(group, admin, 'creator');
  h.fake.addBotToGroup(group, admin);
  await h.fake.waitFor('the greeting', () => h.fake.lastBotMessage(group));
  h.fake.promoteBot(group);
  const shared = h.fake.send(sharer, group, 'Fiche pratique : https://www.has-sante.fr/jcms/p_3200000/fr/asthme #pneumo');
  const before = h.fake.botMessages(group).length;
  h.fake.send(sharer, group, '/cme', { replyTo: shared });
  await h.fake.waitFor('the capture', () => h.fake.botMessages(group).slice(before).some((m) => /^📌/.test(m.text ?? '')));
  return { group, shared };
}

function linkOf(group: FakeChat, message: FakeMessage): string {
  return group.username ? `https://t.me/${group.username}/${message.message_id}` : `https://t.me/c/${String(group.id).replace(/^-100/, '')}/${message.message_id}`;
}

async function reactionsOn(h: Harness, link: string): Promise<number | undefined> {
  return (await h.app.db.cmePoint.findFirst({ where: { messageLink: link } }))?.reactions;
}

/** Polls the database until the point shows `count` reactions. */
async function untilCount(h: Harness, link: string, count: number): Promise<void> {
  await vi.waitFor(async () => expect(await reactionsOn(h, link)).toBe(count), { timeout: 15_000, interval: 10 });
}

describe('Telegram: 👍 reactions as CME endorsements (polling)', () => {
  let h: Harness;
  let group: FakeChat;
  let shared: FakeMessage;
  let link: string;
  const reactors: FakeUser[] = [];

  beforeAll(async () => {
    h = await startHarness();
    ({ group, shared } = await groupWithPoint(h, -1009000000201));
    link = linkOf(group, shared);
    for (let i = 0; i < 3; i++) reactors.push(h.fake.user(9110 + i, `Reactor${i}`, { language_code: 'fr' }));
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Waits until the point shows `count` reactions (updates of one chat are handled in order). */
  const expectCount = (count: number) => untilCount(h, link, count);

  it('asks Telegram for reaction updates when long polling', () => {
    const polls = h.fake.callsOf('getUpdates');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.at(-1)?.payload['allowed_updates']).toEqual(expect.arrayContaining(REACTION_UPDATES));
    expect(h.fake.allowedUpdates).toEqual(expect.arrayContaining(REACTION_UPDATES));
  });

  it('counts a 👍 added as +1 and removed as -1; other emojis change nothing', async () => {
    const [a, b, c] = reactors as [FakeUser, FakeUser, FakeUser];
    expect(await reactionsOn(h, link)).toBe(0);
    expect(h.fake.react(a, shared, ['👍'])).not.toBeNull();
    await expectCount(1);
    h.fake.react(b, shared, ['❤️', '👍']);
    await expectCount(2);
    // ❤️ added next to an existing 👍, and a ❤️ alone: no 👍 changed.
    h.fake.react(b, shared, ['👍', '❤️', '🔥']);
    h.fake.react(c, shared, ['❤️']);
    // Then a 👍 traded for ❤️: the count goes down by one, and only by one.
    h.fake.react(a, shared, ['❤️']);
    await expectCount(1);
    h.fake.react(b, shared, []);
    await expectCount(0);
    h.fake.react(c, shared, ['👍']);
    await expectCount(1);
    expect(h.fake.withheld).toEqual([]);
  });

  it('counts a redelivered reaction update once', async () => {
    const [a, , c] = reactors as [FakeUser, FakeUser, FakeUser];
    const start = (await reactionsOn(h, link)) ?? 0;
    h.fake.duplicateNextDelivery();
    const id = h.fake.react(a, shared, ['👍']) ?? Infinity;
    // The next poll's offset shows the bot received the doubled batch; what follows comes alone.
    await h.fake.waitFor('the doubled batch', () => h.fake.pollOffset > id);
    // Then one 👍 removed: in order, the count goes start+1 (+1 again if the copy counted), then
    // back to start only if the copy did not count.
    h.fake.react(c, shared, []);
    await expectCount(start);
  });

  it('ignores 👍 on a message no point was captured from', async () => {
    const [a] = reactors as [FakeUser];
    const start = (await reactionsOn(h, link)) ?? 0;
    const other = h.fake.send(a, group, 'Bonjour à tous');
    h.fake.react(reactors[2] as FakeUser, other, ['👍']);
    h.fake.react(a, shared, []);
    await expectCount(start - 1);
    expect(await h.app.db.cmePoint.count()).toBe(1);
  });

  it('follows the 👍 total of anonymous reactions (message_reaction_count) by the difference', async () => {
    h.fake.reactionCount(shared, { '👍': 7, '❤️': 2 });
    await expectCount(7);
    h.fake.reactionCount(shared, { '👍': 4 });
    await expectCount(4);
    // A total applied twice sets the same count.
    h.fake.duplicateNextDelivery();
    h.fake.reactionCount(shared, { '👍': 5 });
    await expectCount(5);
    h.fake.reactionCount(shared, { '❤️': 3 });
    await expectCount(0);
  });

  it('stores and logs no reactor', async () => {
    h.fake.reactionCount(shared, { '👍': 2 });
    await expectCount(2);
    const ids = [9102, ...reactors.map((r) => r.id)].map(String);
    expect(await findInDatabase(h.config.databaseUrl, ids)).toEqual([]);
    expect(h.logs.join('\n')).not.toMatch(/9102|911[0-2]/);
  });

  it('receives nothing where the bot is not an admin, as Telegram does', async () => {
    const plain = h.fake.group(-1009000000202, 'Sans admin');
    const admin = h.fake.user(9120, 'Admin2', { language_code: 'fr' });
    h.fake.addBotToGroup(plain, admin);
    const message = h.fake.send(admin, plain, 'Lien : https://example.org/fiche');
    expect(h.fake.react(admin, message, ['👍'])).toBeNull();
    expect(h.fake.reactionCount(message, { '👍': 3 })).toBeNull();
  });
});

describe('Telegram: 👍 reactions as CME endorsements (webhook, public group)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ webhook: true });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('asks for reaction updates in setWebhook and counts a 👍 on a public group message by its t.me/<username> link', async () => {
    expect(h.fake.callsOf('setWebhook')[0]?.payload['allowed_updates']).toEqual(expect.arrayContaining(REACTION_UPDATES));
    const { group, shared } = await groupWithPoint(h, -1009000000203, { username: 'medecins_public' });
    const link = linkOf(group, shared);
    expect(link).toBe(`https://t.me/medecins_public/${shared.message_id}`);
    expect(await reactionsOn(h, link)).toBe(0);
    const reactor = h.fake.user(9130, 'Hooked', { language_code: 'en' });
    h.fake.react(reactor, shared, ['👍']);
    await untilCount(h, link, 1);
    h.fake.react(reactor, shared, []);
    await untilCount(h, link, 0);
    expect(h.fake.webhookDeliveries.every((d) => d.status === 200)).toBe(true);
    expect(h.fake.withheld).toEqual([]);
  });
});
