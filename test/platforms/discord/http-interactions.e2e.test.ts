/**
 * Discord's HTTP interactions: every request's Ed25519 signature is checked (valid, invalid,
 * other key, altered body, old or replayed timestamps), PING gets PONG, and slash commands
 * and buttons run through the same router as over the gateway, their first answer going back
 * as the HTTP response.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyFromHex, SignatureVerifier } from '../../../src/platforms/discord/http-interactions.ts';
import { Harness } from './harness.ts';
import { answerUntil, EPHEMERAL, findCustomId } from './survey-driver.ts';

let h: Harness;
let url: string;

beforeAll(async () => {
  h = await Harness.start({ httpInteractions: true });
  url = `http://127.0.0.1:${h.http?.port}/discord/interactions`;
});

afterAll(async () => {
  await h?.stop();
});

async function post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

describe('Discord HTTP interactions: signatures', () => {
  it('answers a signed PING with PONG', async () => {
    const body = JSON.stringify({ id: '1', type: 1, application_id: h.fake.applicationId, token: 't', version: 1 });
    const answer = await post(body, h.fake.signRequest(body));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ type: 1 });
  });

  it('refuses a missing signature, a signature by another key, and an altered body with 401', async () => {
    const body = JSON.stringify({ id: '2', type: 1, application_id: h.fake.applicationId });
    expect((await post(body, { 'content-type': 'application/json' })).status).toBe(401);
    const other = generateKeyPairSync('ed25519').privateKey;
    expect((await post(body, h.fake.signRequest(body, undefined, other))).status).toBe(401);
    const headers = h.fake.signRequest(body);
    expect((await post(body.replace('"2"', '"3"'), headers)).status).toBe(401);
    expect((await post(body, { ...headers, 'x-signature-ed25519': 'zz' })).status).toBe(401);
  });

  it('refuses an old timestamp and a replayed request', async () => {
    const body = JSON.stringify({ id: '4', type: 1, application_id: h.fake.applicationId });
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    const stale = await post(body, h.fake.signRequest(body, old));
    expect(stale).toMatchObject({ status: 401, text: 'stale request' });
    const headers = h.fake.signRequest(body);
    expect((await post(body, headers)).status).toBe(200);
    expect(await post(body, headers)).toMatchObject({ status: 401, text: 'replayed request' });
  });

  it('verifies as Discord signs (unit: valid, invalid, stale, replayed, future)', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    let now = 1_800_000_000;
    const verifier = new SignatureVerifier(publicKeyFromHex(hex), () => now);
    const body = Buffer.from('{"type":1}');
    const signed = (timestamp: number) => sign(null, Buffer.concat([Buffer.from(String(timestamp)), body]), privateKey).toString('hex');
    expect(verifier.check(signed(now), String(now), body)).toBe('valid');
    expect(verifier.check(signed(now), String(now), body)).toBe('replayed');
    expect(verifier.check(signed(now - 10), String(now), body)).toBe('invalid');
    expect(verifier.check(signed(now - 301), String(now - 301), body)).toBe('stale');
    expect(verifier.check(signed(now + 301), String(now + 301), body)).toBe('stale');
    expect(verifier.check(undefined, String(now), body)).toBe('invalid');
    // Past the window, a remembered signature is forgotten and its timestamp refuses it.
    now += 700;
    expect(verifier.check(signed(now - 700), String(now - 700), body)).toBe('stale');
    expect(() => publicKeyFromHex('abc')).toThrow(/64 hexadecimal/);
  });
});

describe('Discord HTTP interactions: commands and buttons', () => {
  it('runs /help and the whole questionnaire over HTTP, never through the gateway', async () => {
    const member = h.fake.user('http-member', { locale: 'en-US' });
    const help = await h.command(member, 'help');
    expect(help.callbacks[0]).toMatchObject({ type: 4 });
    expect(h.fake.original(help).content).toContain('/survey');

    const admin = h.fake.user('http-admin', { admin: true, locale: 'fr' });
    const opened = await h.command(admin, 'survey', { subcommand: 'open' });
    const announcement = h.fake.original(opened);
    expect(announcement.content).toContain('est ouvert');

    const take = await h.click(member, announcement, findCustomId(announcement, 't'));
    expect(take.callbacks[0]).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    const questionnaire = h.fake.original(take);
    await answerUntil(h, member, questionnaire);
    expect(questionnaire.content).toContain('Thank you');
    expect(h.fake.endpointDeliveries.length).toBeGreaterThan(20);
    expect(h.fake.endpointDeliveries.every((d) => d.status === 200)).toBe(true);
    expect(h.fake.problems).toEqual([]);
    const surveyId = (await h.app.db.survey.findFirstOrThrow()).id;
    expect(await h.app.services.catalog.countResponses(surveyId)).toEqual({ participants: 1, complete: 1 });
  });
});
