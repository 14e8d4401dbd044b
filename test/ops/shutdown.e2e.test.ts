/**
 * SIGTERM drain, on the real process: during a burst of button presses (Telegram webhook
 * mode, against the fake Bot API), SIGTERM makes /readyz answer 503, refuses new updates with
 * 503 (Telegram delivers them again later), lets the ones in hand finish, and exits 0. No
 * press that was acknowledged is lost: every press answered without a refusal has its answer
 * stored. The logs hold no token and no user id.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStoredAnswers } from '../support/stored-answers.ts';
import { buttonLabels, FakeBotApi, type FakeMessage } from '../platforms/telegram/fake-bot-api.ts';
import { openSurveyInGroup, Player, type Harness } from '../platforms/telegram/harness.ts';
import { freePort, startBotProcess, type BotProcess } from './bot-process.ts';

describe('SIGTERM drain', () => {
  let fake: FakeBotApi;
  let dir: string;
  let bot: BotProcess;
  let databaseUrl: string;

  beforeAll(async () => {
    fake = new FakeBotApi();
    await fake.start();
    dir = mkdtempSync(path.join(tmpdir(), 'confreres-sigterm-'));
    databaseUrl = `file:${path.join(dir, 'bot.db')}`;
    const port = await freePort();
    bot = startBotProcess(
      {
        DATA_DIR: dir,
        DATABASE_URL: databaseUrl,
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
        TELEGRAM_WEBHOOK_SECRET: 'sigterm-secret_0123456789abcdefghijklmnop',
      },
      port,
    );
    await bot.ready();
  }, 60_000);

  afterAll(async () => {
    bot?.child.kill('SIGKILL');
    await fake?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the presses in hand, refuses new ones with 503, exits 0, and loses no acknowledged answer', async () => {
    const { link, group } = await openSurveyInGroup({ fake } as Harness, -1009000000100);
    const players: Player[] = [];
    for (let i = 0; i < 12; i++) {
      const player = new Player(fake, fake.user(9500 + i, `Drain${i}`, { language_code: 'fr' }));
      fake.setStatus(group, player.user, 'member');
      await player.openLink(link);
      players.push(player);
    }
    expect(await countStoredAnswers(databaseUrl)).toBe(0);
    expect((await bot.get('/metrics')).body).toMatch(/confreres_updates_total\{platform="telegram",kind="message",outcome="handled"\} \d+/);

    // The burst: every member presses the first option; SIGTERM lands in the middle of it.
    const lastBefore = fake.lastUpdateId;
    const presses = players.map((player) => {
      const question = player.questionMessage() as FakeMessage;
      return fake.press(player.user, question, buttonLabels(question)[0] ?? '');
    });
    await fake.waitFor('some presses to be answered', () => presses.some((id) => fake.callbackAnswer(id)?.answered));
    bot.child.kill('SIGTERM');
    // Once draining (/readyz 503, or the server already gone), new presses are refused.
    while ((await bot.get('/readyz').then((r) => r.status, () => 0)) === 200) await new Promise((resolve) => setTimeout(resolve, 5));
    const lastOfBurst = fake.lastUpdateId;
    const late = players.slice(0, 3).map((player) => {
      const question = player.questionMessage() as FakeMessage;
      return fake.press(player.user, question, buttonLabels(question)[1] ?? '');
    });
    const code = await bot.exited;
    expect(code).toBe(0);

    const acknowledged = presses.filter((id) => fake.callbackAnswer(id)?.answered && fake.callbackAnswer(id)?.text === undefined);
    expect(acknowledged.length).toBeGreaterThan(0);
    // Every acknowledged press is stored.
    expect(await countStoredAnswers(databaseUrl)).toBe(acknowledged.length);
    // Each press of the burst was handled (200, and acknowledged), or refused while draining
    // (503), or came after the server closed (no answer): Telegram keeps those two and
    // delivers them again.
    const burst = fake.webhookDeliveries.filter((delivery) => delivery.updateId > lastBefore && delivery.updateId <= lastOfBurst);
    expect(burst).toHaveLength(presses.length);
    expect(burst.filter((delivery) => delivery.status === 200)).toHaveLength(acknowledged.length);
    expect(burst.filter((delivery) => ![200, 503, 0].includes(delivery.status))).toEqual([]);
    await fake.waitFor('the late presses to be refused', () => fake.webhookDeliveries.filter((delivery) => delivery.updateId > lastOfBurst).length === late.length);
    expect(fake.webhookDeliveries.filter((delivery) => delivery.updateId > lastOfBurst).map((delivery) => delivery.status === 503 || delivery.status === 0)).toEqual([true, true, true]);
    expect(late.every((id) => !fake.callbackAnswer(id)?.answered)).toBe(true);

    const log = bot.output.join('');
    expect(log).toContain('"message":"shutting down"');
    expect(log).toContain('"clean":true');
    expect(log).not.toContain(fake.token);
    for (const player of players) expect(log).not.toContain(String(player.user.id));
  }, 60_000);
});
