/**
 * Two bot processes on one PostgreSQL database (created and dropped here), behind "load
 * balancers": the fake Telegram spreads webhook updates over both at random (and delivers
 * again, elsewhere, what got no answer), the fake Discord posts its signed interactions to
 * either. 30 members (18 on Telegram, 12 on Discord) take the survey at once; one process is
 * killed (SIGKILL) in the middle, and the survey completes on the other. Then two fresh
 * processes start together and race for the week's digests.
 *
 * Checked: every member completes; each response is stored once (30 completions, 30 answer
 * documents, nothing left in progress); each digest is posted once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DefinitionRegistry, BUILT_IN_DEFINITIONS } from '../../src/survey/registry.ts';
import { createTestDatabase, type TestDatabase } from '../support/backends.ts';
import { FakeDiscord, type FakeInteraction, type FakeMessage as DiscordMessage, type FakeUser as DiscordUser } from '../platforms/discord/fake-discord.ts';
import type { Harness as DiscordHarness } from '../platforms/discord/harness.ts';
import { answerCurrent, currentItem, findCustomId } from '../platforms/discord/survey-driver.ts';
import { FakeBotApi } from '../platforms/telegram/fake-bot-api.ts';
import { FIRST_CHOICES, LAST_CHOICES, openSurveyInGroup, Player, type Harness as TelegramHarness } from '../platforms/telegram/harness.ts';
import { freePort, startBotProcess, type BotProcess } from './bot-process.ts';

const TOKEN = 'fake-bot-token.for-tests-only';
const TELEGRAM_MEMBERS = 18;
const DISCORD_MEMBERS = 12;

describe('two instances on one PostgreSQL database', () => {
  const processes: BotProcess[] = [];
  let database: TestDatabase | null = null;
  let telegram: FakeBotApi | null = null;
  let discord: FakeDiscord | null = null;
  const dirs: string[] = [];

  afterAll(async () => {
    // Warnings and errors of the instances (LOG_LEVEL=warn), to read when the test fails.
    for (const [index, bot] of processes.entries()) {
      const tail = bot.output.join('').split('\n').slice(-15).join('\n');
      if (tail.trim()) console.log(`instance ${index}:\n${tail}`);
    }
    console.log('telegram deliveries', JSON.stringify(telegram?.webhookDeliveries.slice(0, 10)));
    for (const bot of processes) bot.child.kill('SIGKILL');
    await Promise.all(processes.map((bot) => bot.exited));
    await telegram?.stop();
    await discord?.close();
    await database?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('completes the survey for 30 members with one instance killed, storing each response and posting each digest once', async () => {
    const started = Date.now();
    const root = mkdtempSync(path.join(tmpdir(), 'confreres-two-'));
    dirs.push(root);
    database = await createTestDatabase('postgresql', root);
    telegram = new FakeBotApi();
    await telegram.start();
    discord = await FakeDiscord.start({ token: TOKEN });
    const tg = telegram;
    const dc = discord;

    const start = async (name: string): Promise<BotProcess> => {
      const port = await freePort();
      const dir = mkdtempSync(path.join(root, `${name}-`));
      const bot = startBotProcess(
        {
          DATA_DIR: dir,
          DATABASE_URL: database!.url,
          // One secret for all instances: participant keys must agree.
          CONFRERES_SECRET: 'two-instances-shared-secret-0123456789abcdef',
          TELEGRAM_BOT_TOKEN: tg.token,
          TELEGRAM_API_ROOT: tg.apiRoot,
          TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
          TELEGRAM_WEBHOOK_SECRET: 'two-instances-webhook-secret-0123456789',
          DISCORD_TOKEN: TOKEN,
          DISCORD_APPLICATION_ID: dc.applicationId,
          DISCORD_API_ROOT: dc.apiRoot,
          DISCORD_PUBLIC_KEY: dc.publicKeyHex,
          LOG_LEVEL: 'warn',
        },
        port,
      );
      processes.push(bot);
      return bot;
    };
    const urls = (bots: readonly BotProcess[]) => ({
      telegram: bots.map((bot) => `http://127.0.0.1:${bot.port}/telegram/hook`),
      discord: bots.map((bot) => `http://127.0.0.1:${bot.port}/discord/interactions`),
    });

    const [a, b] = [await start('a'), await start('b')];
    await Promise.all([a.ready(90_000), b.ready(90_000)]);
    const phases: string[] = [`two started ${Date.now() - started} ms`];
    tg.spreadWebhook(urls([a, b]).telegram, 50);
    dc.useInteractionsEndpoint(urls([a, b]).discord);

    // Both communities open the survey and ask for weekly digests, even empty ones.
    const { link, group, admin } = await openSurveyInGroup({ fake: tg } as TelegramHarness, -1009000000200);
    tg.send(admin, group, '/digest config empty_weeks:on');
    await tg.waitFor('the digest settings', () => tg.botMessages(group).some((m) => /Réglages enregistrés/.test(m.text ?? '')));
    const discordAdmin = dc.user('dr.admin', { admin: true, locale: 'fr' });
    const clicker = reliableClicks(dc);
    const opened = await clicker.answered(() => dc.slash(discordAdmin, 'survey', { subcommand: 'open' }));
    const announcement = dc.original(opened);
    const configured = await clicker.answered(() => dc.slash(discordAdmin, 'digest', { subcommand: 'config', options: { channel: { channel: dc.channelId }, empty_weeks: true } }));
    // Whichever instance answered (with the gateway or standing by), the channel was checked and kept.
    expect(dc.repliesTo(configured).map((m) => m.content).join('\n')).toContain('Réglages enregistrés');

    // 30 members at once; the first instance dies when about a third of the answers are in.
    const telegramPlayers = Array.from({ length: TELEGRAM_MEMBERS }, (_, i) => {
      const player = new Player(tg, tg.user(9700 + i, `Membre${i}`, { language_code: i % 2 ? 'en' : 'fr' }));
      player.pressTimeoutMs = 40_000;
      tg.setStatus(group, player.user, 'member');
      return player;
    });
    const discordMembers = Array.from({ length: DISCORD_MEMBERS }, (_, i) => dc.user(`membre${i}`, { locale: i % 2 ? 'en-US' : 'fr' }));
    const answersGiven = () => tg.callsOf('answerCallbackQuery').length + dc.endpointDeliveries.filter((d) => d.status === 200).length;
    const killer = (async () => {
      await tg.waitFor('a third of the answers', () => answersGiven() >= 250, 60_000);
      a.child.kill('SIGKILL');
      await a.exited;
      // The load balancer's health check takes the dead instance out of Discord's rotation;
      // Telegram keeps trying both, and delivers elsewhere what the dead one never answered.
      dc.useInteractionsEndpoint(urls([b]).discord);
    })();
    await Promise.all([
      ...telegramPlayers.map(async (player, i) => {
        await player.openLink(link);
        await player.answerAll(i % 3 === 0 ? LAST_CHOICES : FIRST_CHOICES);
      }),
      ...discordMembers.map((member) => takeSurvey(dc, clicker, member, announcement)),
      killer,
    ]);
    phases.push(`survey done ${Date.now() - started} ms`);
    expect(await a.exited).toBe('SIGKILL');
    expect(telegramPlayers.every((player) => player.isComplete())).toBe(true);

    const counts = await query(database.url, `
      SELECT (SELECT count(*) FROM "Completion")::int AS completions,
             (SELECT count(*) FROM "InProgressResponse")::int AS "inProgress",
             ((SELECT count(*) FROM "PendingRelease") + (SELECT count(*) FROM "Response"))::int AS documents`);
    expect(counts).toEqual({ completions: 30, inProgress: 0, documents: 30 });

    // Two fresh instances start together: each catches up on the week's digests; one posts each.
    const [c, d] = [await start('c'), await start('d')];
    await Promise.all([c.ready(90_000), d.ready(90_000)]);
    // Ready means taking updates; the catch-up of the week's digests runs just after: wait for
    // the claims to settle (a claim still "running" after 30 s fails below).
    let claims: { job: string; status: string }[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      claims = (await queryAll(database.url, `SELECT job, status FROM "RunClaim" ORDER BY job`)) as { job: string; status: string }[];
      if (claims.length === 2 && claims.every((claim) => claim.status !== 'running')) break;
    }
    expect(claims).toEqual([
      { job: 'digest', status: 'posted' },
      { job: 'digest', status: 'posted' },
    ]);
    const telegramDigests = tg.botMessages(group).filter((m) => /Points FMC partagés|CME points shared/.test(m.text ?? ''));
    expect(telegramDigests).toHaveLength(1);
    const discordDigests = [...dc.messages.values()].filter((m) => m.channelId === dc.channelId && !m.author && /Points FMC partagés|CME points shared/.test(m.content));
    expect(discordDigests).toHaveLength(1);
    expect(dc.problems).toEqual([]);
    phases.push(`digests ${Date.now() - started} ms`);
    console.log(`two instances: ${phases.join(', ')}`);
  }, 240_000);
});

/**
 * Clicks as a member would: when an interaction gets no answer (its instance died under it),
 * click again. A repeated click on an item already answered shows the current question.
 */
function reliableClicks(fake: FakeDiscord) {
  const settle = async (interaction: FakeInteraction): Promise<boolean> => {
    const outcome = await fake.until(
      () => (interaction.callbacks.length > 0 ? 'answered' : fake.endpointDeliveries.some((d) => d.id === interaction.id && d.status !== 200) ? 'lost' : null),
      `interaction ${interaction.id}`,
      30_000,
    );
    if (outcome === 'lost') return false;
    // A deferred answer (the machine is busy) is complete with its first edit or follow-up.
    await fake.until(() => {
      const first = interaction.callbacks[0];
      return first && (first.type === 5 || first.type === 6) ? interaction.edits.length + interaction.followUps.length > 0 : true;
    }, `the rest of interaction ${interaction.id}`, 30_000);
    return true;
  };
  return {
    async answered(send: () => FakeInteraction): Promise<FakeInteraction> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const interaction = send();
        if (await settle(interaction)) return interaction;
      }
      throw new Error('No instance answered after five clicks');
    },
  };
}

async function takeSurvey(fake: FakeDiscord, clicker: ReturnType<typeof reliableClicks>, member: DiscordUser, announcement: DiscordMessage): Promise<void> {
  const take = await clicker.answered(() => fake.click(member, announcement, findCustomId(announcement, 't')));
  // Under load the click may have been deferred (type 6): the questionnaire then came as a follow-up.
  const message = take.callbacks[0]?.type === 6 ? (fake.repliesTo(take).find((m) => currentItem(m)) as DiscordMessage) : fake.original(take);
  // The driver's harness: clicks and selects that survive a dead instance, and the definitions.
  const harness = {
    fake,
    app: { services: { definitions: new DefinitionRegistry(BUILT_IN_DEFINITIONS) } },
    click: (user: DiscordUser, source: DiscordMessage, customId: string) => clicker.answered(() => fake.click(user, source, customId)),
    select: (user: DiscordUser, source: DiscordMessage, customId: string, values: string[]) => clicker.answered(() => fake.select(user, source, customId, values)),
  } as unknown as DiscordHarness;
  for (let step = 0; step < 80; step++) {
    if (!currentItem(message)) break;
    try {
      await answerCurrent(harness, member, message);
    } catch {
      // A modal submitted to the instance that died: open it again on the current question.
    }
  }
  expect(message.content, message.content).toMatch(/Merci|Thank you/);
}

async function queryAll(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function query(url: string, sql: string): Promise<unknown> {
  return (await queryAll(url, sql))[0];
}
