/**
 * The Discord adapter under the conditions Discord really has: 429s, slow work that must be
 * deferred, heartbeats, a dropped gateway connection, members with closed DMs, an unexpected
 * failure in a handler. Real discord.js client, fake Discord, temporary SQLite.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordChannelError } from '../../../src/platforms/discord/publisher.ts';
import type { FakeMessage, FakeUser } from './fake-discord.ts';
import { countStoredAnswers } from '../../support/stored-answers.ts';
import { Harness, stray } from './harness.ts';
import { answerCurrent, currentItem, EPHEMERAL, findCustomId } from './survey-driver.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('Discord adapter, normal timing', () => {
  let h: Harness;
  let admin: FakeUser;
  let announcement: FakeMessage;

  beforeAll(async () => {
    h = await Harness.start();
    admin = h.fake.user('dr.admin', { admin: true });
    announcement = h.fake.original(await h.command(admin, 'survey', { subcommand: 'open' }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('retries an interaction callback answered with 429, and loses nothing', async () => {
    const ines = h.fake.user('ines');
    const take = await h.click(ines, announcement, findCustomId(announcement, 't'));
    const message = h.fake.original(take);
    h.fake.fail(/^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/, { retryAfter: 0.05 });
    const answer = await answerCurrent(h, ines, message, { choice: 2 });
    expect(h.fake.rateLimited).toBe(1);
    const tries = h.fake.calls.filter((c) => c.path.startsWith(`/api/v10/interactions/${answer.id}/`));
    expect(tries.map((c) => c.status)).toEqual([429, 204]);
    expect(currentItem(message)?.item).toBe('q2');
    expect(await countStoredAnswers(h.config.databaseUrl, 'q1')).toBe(1);
    const warning = h.logs.find((line) => line.includes('discord rate limited'));
    expect(warning).toContain('/interactions/:id/:token/callback');
    expect(warning).not.toContain(answer.token);
  });

  it('retries a channel post answered with 429; splits long texts and attaches files', async () => {
    h.fake.fail(/\/channels\/\d+\/messages$/, { method: 'POST', retryAfter: 0.05 });
    const before = h.fake.messages.size;
    const text = Array.from({ length: 90 }, (_, i) => `Ligne ${i} : ${'x'.repeat(40)}`).join('\n');
    await h.discord.publisher.postToCommunity(h.fake.channelId, { text, files: [{ name: 'chart.png', data: PNG }] });
    const posted = [...h.fake.messages.values()].slice(before);
    expect(posted.length).toBe(3);
    expect(posted.every((m) => m.content.length <= 2000)).toBe(true);
    expect(posted.map((m) => m.content).join('\n')).toBe(text);
    expect(posted.at(-1)?.attachments.map((a) => a.name)).toEqual(['chart.png']);
    expect(posted.at(-1)?.attachments[0]?.data.equals(PNG)).toBe(true);
    await expect(h.discord.publisher.postToCommunity('123456789012345678', { text: 'x' })).rejects.toBeInstanceOf(DiscordChannelError);
  });

  it('reports a member with closed DMs as unreachable rather than failing', async () => {
    const open = h.fake.user('open.dms');
    const closed = h.fake.user('closed.dms', { dmsClosed: true });
    expect(await h.discord.publisher.sendPrivate(open.id, { text: 'Rappel' })).toBe(true);
    expect(await h.discord.publisher.sendPrivate(closed.id, { text: 'Rappel' })).toBe(false);
  });

  it('answers heartbeats and keeps working after the gateway connection drops (resume)', async () => {
    const acks = h.fake.acks;
    h.fake.requestHeartbeat();
    await h.fake.until(() => h.fake.acks > acks, 'a heartbeat and its ACK');
    h.fake.dropConnection();
    await h.fake.until(() => h.fake.resumes === 1 && h.fake.connected, 'a resumed session');
    expect(h.fake.identifies).toHaveLength(1);
    const help = await h.command(h.fake.user('jules', { locale: 'fr' }), 'help');
    expect(h.fake.original(help).content).toContain('Commandes disponibles');
  });

  it('suggests items and groupings for /results options as the member types', async () => {
    const member = h.fake.user('kim', { locale: 'fr' });
    const items = await h.fake.answered(h.fake.autocomplete(member, 'results', { options: { item: 'specialite' }, focused: 'item' }));
    // The item itself, then the derived variable of the same name (/results reports both).
    expect(items.callbacks[0]).toMatchObject({ type: 8, data: { choices: [{ value: 'q3', name: 'q3 — Spécialité' }, { value: 'gp', name: 'gp — Spécialité' }] } });
    const by = await h.fake.answered(h.fake.autocomplete(member, 'results', { options: { item: 'q21', by: '' }, focused: 'by' }));
    const values = (by.callbacks[0]?.data.choices as { value: string }[]).map((c) => c.value);
    expect(values.slice(0, 4)).toEqual(['sought_opinion', 'gp', 'underserved', 'age_group']);
    expect(values).toContain('q1');
    expect(values).not.toContain('q21');
    expect(values.length).toBeLessThanOrEqual(25);
  });

  it('apologizes for an unexpected failure and carries on', async () => {
    const lea = h.fake.user('lea', { locale: 'fr' });
    const db = new Database(h.databaseFile);
    db.exec('ALTER TABLE "MemberPreference" RENAME TO "MemberPreference_away"');
    const failed = await h.command(lea, 'help');
    expect(failed.callbacks[0]).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(h.fake.original(failed).content).toContain('Une erreur inattendue');
    expect(h.logs.some((line) => line.includes('discord interaction failed') && line.includes('command:help'))).toBe(true);
    db.exec('ALTER TABLE "MemberPreference_away" RENAME TO "MemberPreference"');
    db.close();
    const again = await h.command(lea, 'help');
    expect(h.fake.original(again).content).toContain('Commandes disponibles');
  });

  it('left no problem in the fake and no stray rejection', () => {
    expect(h.fake.problems).toEqual([]);
    expect(stray).toEqual([]);
  });
});

describe('Discord adapter, work slower than the deadline', () => {
  let h: Harness;

  beforeAll(async () => {
    // deferAfterMs 0: every interaction takes the deferred path, as slow work would.
    h = await Harness.start({ deferAfterMs: 0 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('defers commands and clicks, then edits the reply in place', async () => {
    const admin = h.fake.user('dr.admin', { admin: true, locale: 'fr' });
    const open = h.fake.slash(admin, 'survey', { subcommand: 'open' });
    await h.fake.until(() => h.fake.repliesTo(open).length === 2, 'the private note and the public announcement');
    // The deferral is private; the public announcement follows it.
    expect(open.callbacks[0]).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const [note, posted] = h.fake.repliesTo(open);
    expect(note?.content).toBe('C’est publié dans le salon.');
    expect(posted?.flags).toBe(0);
    expect(posted?.content).toContain('est ouvert');

    const member = h.fake.user('max');
    const take = await h.click(member, posted as FakeMessage, findCustomId(posted as FakeMessage, 't'));
    expect(take.callbacks[0]?.type).toBe(6);
    const [questionnaire] = h.fake.repliesTo(take).filter((m) => m.flags & EPHEMERAL);
    expect(currentItem(questionnaire as FakeMessage)?.item).toBe('q1');

    h.fake.fail(/^\/api\/v10\/webhooks\/\d+\/[^/]+\/messages\/@original$/, { method: 'PATCH', retryAfter: 0.05 });
    const answer = await answerCurrent(h, member, questionnaire as FakeMessage);
    expect(answer.callbacks[0]?.type).toBe(6);
    expect(answer.originalMessageId).toBe(questionnaire?.id);
    expect(currentItem(questionnaire as FakeMessage)?.item).toBe('q2');
    expect(h.fake.rateLimited).toBe(1);
    expect(await countStoredAnswers(h.config.databaseUrl)).toBe(1);
  });

  it('never opens a modal after a deferral: the text button is answered at once', async () => {
    const member = h.fake.user('nora');
    const db = h.app.db;
    const survey = await db.survey.findFirstOrThrow();
    const resume = await h.command(member, 'survey', { subcommand: 'resume' });
    const message = h.fake.original(resume);
    expect(resume.callbacks[0]?.type).toBe(5);
    // Jump to a text item through the plan of the default instrument: q19 "yes" opens q20.
    const plan = { q9: { choice: 3 }, q19: { choice: 1 } } as const;
    for (let i = 0; i < 30 && currentItem(message)?.item !== 'q20'; i += 1) {
      const item = currentItem(message)?.item as keyof typeof plan;
      await answerCurrent(h, member, message, plan[item]);
    }
    expect(currentItem(message)?.item).toBe('q20');
    const opener = await h.click(member, message, findCustomId(message, 'w'));
    expect(opener.callbacks[0]?.type).toBe(9);
    expect(survey.status).toBe('open');
  });

  it('left no problem in the fake and no stray rejection', () => {
    expect(h.fake.problems).toEqual([]);
    expect(stray).toEqual([]);
  });
});
