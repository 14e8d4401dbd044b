/**
 * 👍 reactions as CME endorsements, end to end: the fake gateway dispatches
 * MESSAGE_REACTION_ADD / REMOVE on messages the bot never cached, and the point captured from
 * that message (through "Add to CME digest") gains or loses one endorsement. Nothing of the
 * reacting member is stored or logged.
 *
 * Ignored reactions change nothing, which a poll cannot see: each check sends the ignored
 * events first, then one that counts, waits for that one's effect, lets the handlers in flight
 * finish (`settle`), and only then reads the count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findValues } from './db-snapshot.ts';
import type { FakeMessage, FakeUser } from './fake-discord.ts';
import { Harness, stray } from './harness.ts';

const THUMBS_UP = '👍';
let h: Harness;
let shared: FakeMessage;
const people: FakeUser[] = [];

function person(username: string): FakeUser {
  const user = h.fake.user(username, { locale: 'fr' });
  people.push(user);
  return user;
}

async function reactions(): Promise<number> {
  return (await h.app.db.cmePoint.findFirstOrThrow({ where: { messageLink: { not: null } } })).reactions;
}

/** Waits until the point's reaction count is `expected`, then for every handler in flight, and returns the count then. */
async function settledAt(expected: number): Promise<number> {
  const deadline = Date.now() + 5000;
  while ((await reactions()) !== expected) {
    if (Date.now() > deadline) throw new Error(`reactions never reached ${expected} (now ${await reactions()})`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await h.discord.settle();
  return reactions();
}

beforeAll(async () => {
  h = await Harness.start();
  const author = person('dr.autrice');
  shared = h.fake.memberMessage(author, 'Reco HAS diabète de type 2 : https://www.has-sante.fr/jcms/p_3345/fr/diabete-de-type-2');
  await h.fake.answered(h.fake.messageMenu(person('dr.capteur'), 'Add to CME digest', shared));
  expect(await h.app.db.cmePoint.count()).toBe(1);
});

afterAll(async () => {
  await h?.stop();
});

describe('Discord 👍 reactions as CME endorsements', () => {
  it('counts a 👍 added on the message a point was captured from', async () => {
    expect(await reactions()).toBe(0);
    expect(h.fake.react(person('dr.lectrice'), shared, THUMBS_UP)).toBe(true);
    expect(await settledAt(1)).toBe(1);
  });

  it('counts a 👍 with a skin tone, and ignores other emojis, custom emojis and the bot’s own 👍', async () => {
    const reader = person('dr.lecteur');
    h.fake.react(reader, shared, '❤️');
    h.fake.react(reader, shared, '👎');
    h.fake.react(reader, shared, 'thumbsup', { id: '123456789012345678' });
    h.fake.react('bot', shared, THUMBS_UP);
    h.fake.react(person('dr.nuance'), shared, '👍🏽');
    expect(await settledAt(2)).toBe(2);
  });

  it('takes an endorsement back when the 👍 is removed, ignoring the removal of other reactions', async () => {
    const reader = people.find((p) => p.username === 'dr.lectrice') as FakeUser;
    h.fake.unreact(reader, shared, '❤️');
    h.fake.unreact('bot', shared, THUMBS_UP);
    h.fake.unreact(reader, shared, THUMBS_UP);
    expect(await settledAt(1)).toBe(1);
  });

  it('counts the removal of a 👍 by someone the bot has not met since it started (no member in the payload)', async () => {
    // Their 👍 was added while the bot was offline: only the removal reaches it.
    h.fake.unreact(person('dr.inconnue'), shared, THUMBS_UP);
    expect(await settledAt(0)).toBe(0);
  });

  it('changes nothing for a 👍 on a message no point comes from', async () => {
    const chatter = h.fake.memberMessage(person('dr.bavard'), 'Bonjour à tous !');
    const before = await h.app.db.cmePoint.findMany();
    h.fake.react(person('dr.sympa'), chatter, THUMBS_UP);
    h.fake.react(person('dr.sentinelle'), shared, THUMBS_UP);
    expect(await settledAt(1)).toBe(1);
    const after = await h.app.db.cmePoint.findMany();
    expect(after.map((p) => ({ ...p, reactions: 0 }))).toEqual(before.map((p) => ({ ...p, reactions: 0 })));
  });

  it('ranks the point by its endorsements in the digest preview', async () => {
    const preview = await h.command(person('dr.curieux'), 'digest', { subcommand: 'preview' });
    // One share and one 👍.
    expect(h.fake.original(preview).content).toContain('2 recommandations');
  });

  it('stores and logs nothing of the members who reacted', () => {
    const needles = people.flatMap((p) => [p.id, p.username]);
    expect(findValues(h.databaseFile, needles)).toEqual([]);
    expect(h.logs.filter((line) => needles.some((needle) => line.includes(needle)))).toEqual([]);
    expect(h.fake.problems).toEqual([]);
    expect(stray).toEqual([]);
  });
});
