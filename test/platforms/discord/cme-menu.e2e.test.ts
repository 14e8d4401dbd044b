/**
 * The "Add to CME digest" message menu: it runs /cme with the chosen message as the
 * referenced message (its text, first attachment and link; never its author).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findValues } from './db-snapshot.ts';
import { Harness, stray } from './harness.ts';
import { EPHEMERAL } from './survey-driver.ts';

describe('Discord message menu "Add to CME digest"', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shares the link of a member’s message, then counts a second share as an endorsement', async () => {
    const author = h.fake.user('dr.auteur', { locale: 'fr' });
    const reader = h.fake.user('dr.lecteur', { locale: 'fr' });
    const posted = h.fake.memberMessage(author, 'Nouvelle reco HAS sur le diabète : https://www.has-sante.fr/jcms/p_3345/fr/diabete-de-type-2');
    const first = await h.fake.answered(h.fake.messageMenu(reader, 'Add to CME digest', posted));
    const reply = h.fake.original(first);
    expect(reply.flags & EPHEMERAL).toBe(0);
    expect(reply.content).toContain('📌');
    const point = await h.app.db.cmePoint.findFirstOrThrow();
    expect(point.messageLink).toBe(`https://discord.com/channels/${h.fake.guildId}/${h.fake.channelId}/${posted.id}`);

    const again = await h.fake.answered(h.fake.messageMenu(author, 'Add to CME digest', posted));
    expect(h.fake.original(again).content).toContain('👍');
    expect(await h.app.db.cmePoint.count()).toBe(1);
    expect(findValues(h.databaseFile, [author.id, author.username, reader.id, reader.username])).toEqual([]);
  });

  it('explains privately when the message holds nothing to share', async () => {
    const member = h.fake.user('dr.bavard');
    const posted = h.fake.memberMessage(member, 'Bonjour à tous !');
    const menu = await h.fake.answered(h.fake.messageMenu(member, 'Add to CME digest', posted));
    expect(h.fake.original(menu).flags).toBe(EPHEMERAL);
    expect(h.fake.problems).toEqual([]);
    expect(stray).toEqual([]);
  });
});
