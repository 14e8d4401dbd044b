/**
 * Bench section "telegram": from a member's button press to the edited question, in the
 * production path (webhook on the instance's HTTP server, update ledger on the database,
 * Telegram's default limits), against the fake Bot API, with a press every 300 ms as a brisk
 * member would. Target: median ≤ 100 ms. The anchor is the fake's own HTTP round trip
 * measured in the same run, so a busy machine moves both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { startOpsServer } from '../../ops/http-server.ts';
import { startTelegram } from '../../platforms/telegram/index.ts';
import { silentLogger } from '../../shared/logger.ts';
import { PrismaUpdateLedger } from '../../store/processed-updates.ts';
import { buttonLabels, FakeBotApi, type FakeMessage } from '../../../test/platforms/telegram/fake-bot-api.ts';
import { FIRST_CHOICES, openSurveyInGroup, Player, type Harness } from '../../../test/platforms/telegram/harness.ts';

const PRESSES = 40;
const PRESS_EVERY_MS = 300;
const NAVIGATION = /^‹ |›$/;

interface Context {
  readonly json: boolean;
  log(line: string): void;
}

export default async function telegramBench(context: Context): Promise<Record<string, unknown>> {
  const fake = new FakeBotApi();
  await fake.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'confreres-bench-telegram-'));
  const http = await startOpsServer({ port: 0, host: '127.0.0.1' });
  const config = loadConfig({
    DATA_DIR: dir,
    DATABASE_URL: `file:${path.join(dir, 'bench.db')}`,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${http.port}/telegram`,
    TELEGRAM_WEBHOOK_SECRET: 'bench-webhook-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
  });
  const app = await createApp(config, { logger: silentLogger });
  const telegram = await startTelegram(app, { http, ledger: new PrismaUpdateLedger(app.db) });
  try {
    const roundTrips: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await fetch(`${fake.apiRoot}/bot${fake.token}/getMe`, { method: 'POST' });
      roundTrips.push(performance.now() - started);
    }
    const { link, group } = await openSurveyInGroup({ fake } as Harness, -1009000000900);
    const latencies: number[] = [];
    let member = 0;
    let player: Player | null = null;
    while (latencies.length < PRESSES) {
      if (!player || player.isComplete()) {
        player = new Player(fake, fake.user(9900 + member++, `Bench${member}`, { language_code: 'fr' }));
        fake.setStatus(group, player.user, 'member');
        await player.openLink(link);
      }
      const question = player.questionMessage() as FakeMessage;
      const labels = buttonLabels(question);
      const label = labels.find((candidate) => !NAVIGATION.test(candidate));
      if (!label || labels.includes('Valider')) {
        // Free text (typed) and multiple choices (ticks, then Done): answered, not measured.
        await player.answerOne(FIRST_CHOICES);
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, PRESS_EVERY_MS));
      const edited = fake.callsOf('editMessageText').length;
      const started = performance.now();
      fake.press(player.user, question, label);
      const edit = await fake.waitFor('the edit', () =>
        fake.callsOf('editMessageText').slice(edited).find((call) => Number(call.payload['message_id']) === question.message_id),
      );
      latencies.push(edit.at - started);
    }
    const pressToEditMedianMs = round(median(latencies));
    const fakeRoundTripMedianMs = round(median(roundTrips));
    context.log(`telegram: press → edited question, median ${pressToEditMedianMs} ms over ${latencies.length} presses every ${PRESS_EVERY_MS} ms (fake Bot API round trip ${fakeRoundTripMedianMs} ms; target ≤ 100 ms)`);
    return { telegram: { pressToEditMedianMs, fakeRoundTripMedianMs, presses: latencies.length } };
  } finally {
    await telegram.stop();
    await http.close();
    await app.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
