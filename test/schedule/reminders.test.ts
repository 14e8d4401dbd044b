import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { runReminders } from '../../src/schedule/reminder-job.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { sqliteFilePath } from '../../src/store/database-url.ts';
import type { CommunityRecord } from '../../src/survey/ports.ts';
import { findInDatabase } from '../support/anonymity-audit.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';
import { Clock, RecordingPublisher } from './support.ts';

const START = '2026-03-16T09:20:00Z';
let temp: TempApp;
let clock: Clock;
let group: CommunityRecord;
let surveyId: string;
let publisher: RecordingPublisher;

beforeEach(async () => {
  clock = new Clock(START);
  temp = await createTempApp({ now: clock.now });
  group = await temp.app.services.catalog.ensureCommunity('telegram', '-1001', 'Médecins du Sud', '2026-03-01');
  const definition = temp.app.services.definitions.defaultDefinition();
  surveyId = (await temp.app.services.catalog.openSurvey(group.id, definition.id, definition.version, '2026-03-16'))!.id;
  publisher = new RecordingPublisher('telegram');
  temp.app.schedule.publishers.set('telegram', publisher);
});
afterEach(() => temp.cleanup());

function member(userId: string) {
  return { platform: 'telegram', userId };
}

/** Starts the survey in the private chat, as the Telegram adapter does, and answers q1. */
async function start(app: App, userId: string, address = userId) {
  await app.services.surveys.begin(member(userId), surveyId, 'fr');
  expect(await app.services.surveys.rememberAddress(member(userId), surveyId, address)).toBe(true);
  await app.services.surveys.answer(member(userId), surveyId, 'q1', 'female', 'fr');
}

function remind(app: App = temp.app) {
  return runReminders(app.schedule.context, clock.now());
}

function links(): { lastActivityAt: string | null; remindedAt: string | null; remindersOff: number; encryptedAddress: string | null }[] {
  const db = new Database(sqliteFilePath(temp.databaseUrl), { readonly: true });
  try {
    return db.prepare('SELECT lastActivityAt, remindedAt, remindersOff, encryptedAddress FROM InProgressResponse').all() as never;
  } finally {
    db.close();
  }
}

describe('reminders', () => {
  it('sends one polite private reminder after 72 hours without an answer, and only one', async () => {
    await start(temp.app, '5550001234');
    // The last activity is kept on the link only, to the hour; the address only encrypted.
    expect(links()).toEqual([{ lastActivityAt: '2026-03-16T09:00:00.000+00:00', remindedAt: null, remindersOff: 0, encryptedAddress: expect.any(String) }]);
    expect(await findInDatabase(temp.databaseUrl, ['5550001234'])).toEqual([]);

    clock.set('2026-03-19T09:19:00Z'); // 71 h 59 min
    expect(await remind()).toEqual({ sent: 0, unreachable: 0 });
    clock.set('2026-03-19T10:20:00Z'); // 73 h: the hour rounding never makes it early
    expect(await remind()).toEqual({ sent: 1, unreachable: 0 });
    expect(publisher.privates).toEqual([
      {
        address: '5550001234',
        text: 'Bonjour ! Vous avez commencé le questionnaire « Réseaux sociaux, avis médicaux et formation médicale continue » (Médecins du Sud) et n’y avez pas répondu depuis 3 jours. Vos réponses sont gardées, anonymes : reprenez là où vous vous êtes arrêté·e avec /survey. C’est le seul rappel pour ce questionnaire ; /reminders off pour ne plus en recevoir.',
      },
    ]);
    clock.set('2026-03-26T10:20:00Z');
    expect(await remind()).toEqual({ sent: 0, unreachable: 0 });
    expect(publisher.privates).toHaveLength(1);
  });

  it('waits again after each answer, and never reminds after completion', async () => {
    await start(temp.app, '111');
    clock.set('2026-03-18T20:00:00Z');
    await temp.app.services.surveys.answer(member('111'), surveyId, 'q2', '30_40', 'fr');
    clock.set('2026-03-19T10:20:00Z');
    expect(await remind()).toEqual({ sent: 0, unreachable: 0 });

    // Completing deletes the link, and the address with it.
    const full: [string, string | number | string[]][] = [
      ['q3', 'gp'], ['q4', 'independent'], ['q5', 'urban'], ['q6', 'no'], ['q7', 'daily'], ['q8', '1_2y'], ['q9', 'never'],
      ['q10', 'rarely'], ['q19', 'no'], ['q21', ['speed']], ['q22', ['contradictions']], ['q23', 8], ['q24', 8], ['q25', 8], ['q26', ['read']],
    ];
    for (const [code, value] of full) await temp.app.services.surveys.answer(member('111'), surveyId, code, value, 'fr');
    const done = await temp.app.services.surveys.skip(member('111'), surveyId, 'q27', 'fr');
    expect(done.ok && done.value.kind).toBe('complete');
    expect(links()).toEqual([]);
    clock.set('2026-04-01T10:20:00Z');
    expect(await remind()).toEqual({ sent: 0, unreachable: 0 });
    expect(publisher.privates).toEqual([]);
  });

  it('respects /reminders off, /forget, a closed survey and members without an address', async () => {
    await start(temp.app, '201');
    await start(temp.app, '202');
    await start(temp.app, '203');
    await temp.app.services.surveys.begin(member('204'), surveyId, 'fr'); // never gave an address
    const off = await temp.app.dispatcher.dispatch({
      name: 'reminders',
      subcommand: null,
      options: { state: 'off' },
      member: member('201'),
      isAdmin: false,
      language: 'fr',
      community: null, // typed in the private chat
      services: temp.app.services,
      now: clock.now(),
    });
    expect(off.text).toBe('Entendu : plus aucun rappel de questionnaire, ni pour votre réponse en cours ni pour les prochaines.');
    await temp.app.services.surveys.forget(member('202'), surveyId);
    clock.set('2026-03-20T10:20:00Z');
    expect(await remind()).toEqual({ sent: 1, unreachable: 0 });
    expect(publisher.privates.map((p) => p.address)).toEqual(['203']);

    // Turned back on before any reminder: it comes; a closed survey reminds nobody.
    await temp.app.services.reminders.set(member('201'), group, true);
    await temp.app.services.catalog.closeSurvey(surveyId, '2026-03-20');
    expect(await remind()).toEqual({ sent: 0, unreachable: 0 });
  });

  it('gives up silently on Discord members who do not accept DMs', async () => {
    const server = await temp.app.services.catalog.ensureCommunity('discord', '900000000000000001', 'Serveur', '2026-03-01');
    const definition = temp.app.services.definitions.defaultDefinition();
    const discordSurvey = (await temp.app.services.catalog.openSurvey(server.id, definition.id, definition.version, '2026-03-16'))!.id;
    const alice = { platform: 'discord', userId: '812345678901234567' };
    await temp.app.services.surveys.begin(alice, discordSurvey, 'en');
    await temp.app.services.surveys.rememberAddress(alice, discordSurvey, alice.userId);
    const discord = new RecordingPublisher('discord');
    discord.reachable = false;
    clock.set('2026-03-20T10:20:00Z');
    // Discord is not running here: nothing is consumed.
    expect(await remind()).toEqual({ sent: 0, unreachable: 0 });
    temp.app.schedule.publishers.set('discord', discord);
    expect(await remind()).toEqual({ sent: 0, unreachable: 1 });
    expect(await remind()).toEqual({ sent: 0, unreachable: 0 });
    expect(discord.privates.map((p) => p.address)).toEqual(['812345678901234567']);
    expect(await findInDatabase(temp.databaseUrl, ['812345678901234567'])).toEqual([]);
  });

  it('is sent once even by two instances sweeping at the same time', async () => {
    const second = await createApp(loadConfig({ DATA_DIR: temp.dir, DATABASE_URL: temp.databaseUrl }), { logger: silentLogger, now: clock.now });
    try {
      const other = new RecordingPublisher('telegram');
      second.schedule.publishers.set('telegram', other);
      for (const user of ['301', '302', '303', '304', '305']) await start(temp.app, user);
      clock.set('2026-03-20T10:20:00Z');
      const [a, b] = await Promise.all([remind(temp.app), remind(second)]);
      expect(a.sent + b.sent).toBe(5);
      expect([...publisher.privates, ...other.privates].map((p) => p.address).sort()).toEqual(['301', '302', '303', '304', '305']);
    } finally {
      await second.close();
    }
  });
});

describe('the reminder opt-out', () => {
  it('is remembered for the member: no address is kept for their next responses until /reminders on', async () => {
    const carol = member('7770004011');
    await temp.app.services.reminders.set(carol, null, false);
    await temp.app.services.surveys.begin(carol, surveyId, 'fr');
    expect(await temp.app.services.surveys.rememberAddress(carol, surveyId, '7770004011')).toBe(false);
    expect(links()).toEqual([{ lastActivityAt: '2026-03-16T09:00:00.000+00:00', remindedAt: null, remindersOff: 1, encryptedAddress: null }]);
    clock.set('2026-03-20T10:20:00Z');
    expect(await remind()).toEqual({ sent: 0, unreachable: 0 });

    await temp.app.services.reminders.set(carol, group, true);
    expect(await temp.app.services.surveys.rememberAddress(carol, surveyId, '7770004011')).toBe(true);
    expect(await remind()).toEqual({ sent: 1, unreachable: 0 });
    // The opt-out row holds a member key, not the id.
    expect(await findInDatabase(temp.databaseUrl, ['7770004011'])).toEqual([]);
  });
});
