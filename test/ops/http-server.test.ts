/**
 * The instance's HTTP server: liveness, readiness (database and platforms, 503 while
 * draining or when a check fails or hangs), Prometheus metrics without any id in a label, and
 * platform routes mounted beside them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startOpsServer, type OpsServer } from '../../src/ops/http-server.ts';
import { PrometheusTelemetry } from '../../src/ops/metrics.ts';
import { databaseCheck, platformCheck } from '../../src/ops/readiness.ts';

let server: OpsServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function get(path: string, init: RequestInit = {}): Promise<{ status: number; body: string; type: string | null }> {
  const response = await fetch(`http://127.0.0.1:${server?.port}${path}`, init);
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
}

describe('ops HTTP server', () => {
  it('answers /healthz, and 404 for unknown paths', async () => {
    server = await startOpsServer({ port: 0, host: '127.0.0.1' });
    expect(await get('/healthz')).toMatchObject({ status: 200, body: 'ok' });
    expect((await get('/nothing')).status).toBe(404);
  });

  it('is ready when every check passes, and says which one failed otherwise', async () => {
    server = await startOpsServer({ port: 0, host: '127.0.0.1' });
    let connected = true;
    server.addReadinessCheck(databaseCheck({ $queryRawUnsafe: async () => [{ 1: 1 }] } as never));
    server.addReadinessCheck(platformCheck('telegram', () => connected));
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ ready: true, checks: { database: true, telegram: true } });
    connected = false;
    const notReady = await get('/readyz');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toEqual({ ready: false, checks: { database: true, telegram: false } });
  });

  it('is not ready when the database fails or hangs, and counts the database error', async () => {
    const telemetry = new PrometheusTelemetry({ processMetrics: false });
    server = await startOpsServer({ port: 0, host: '127.0.0.1', checkTimeoutMs: 100, metrics: () => telemetry.render() });
    let mode: 'fail' | 'hang' = 'fail';
    server.addReadinessCheck(
      databaseCheck(
        {
          $queryRawUnsafe: () => (mode === 'fail' ? Promise.reject(new Error('connection refused')) : new Promise(() => undefined)),
        } as never,
        telemetry,
      ),
    );
    expect((await get('/readyz')).status).toBe(503);
    mode = 'hang';
    const started = Date.now();
    expect((await get('/readyz')).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await get('/metrics')).body).toMatch(/confreres_database_errors_total\{where="readiness"\} 1/);
  });

  it('answers 503 on /readyz once draining, while /healthz and routes still answer', async () => {
    server = await startOpsServer({ port: 0, host: '127.0.0.1' });
    server.route('POST', '/hook', async (_request, response) => {
      response.writeHead(200).end('hooked');
    });
    server.markDraining();
    expect((await get('/readyz')).status).toBe(503);
    expect((await get('/healthz')).status).toBe(200);
    expect(await get('/hook', { method: 'POST', body: '{}' })).toMatchObject({ status: 200, body: 'hooked' });
    expect((await get('/hook')).status).toBe(405);
  });

  it('serves Prometheus metrics: answers, latency, updates, API calls and 429s, posts, process metrics', async () => {
    const telemetry = new PrometheusTelemetry();
    server = await startOpsServer({ port: 0, host: '127.0.0.1', metrics: () => telemetry.render() });
    telemetry.answerRecorded('telegram', 0.004);
    telemetry.answerRecorded('telegram', 0.03);
    telemetry.update('telegram', 'callback_query', 'handled');
    telemetry.update('discord', 'button', 'failed');
    telemetry.platformCall('telegram', 'editMessageText', 'ok');
    telemetry.platformCall('telegram', 'editMessageText', 'rate_limited');
    telemetry.scheduledPost('digest', 'posted');
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    const body = metrics.body;
    expect(body).toMatch(/confreres_answers_recorded_total\{platform="telegram"\} 2/);
    expect(body).toMatch(/confreres_answer_duration_seconds_bucket\{le="0.005",platform="telegram"\} 1/);
    expect(body).toMatch(/confreres_answer_duration_seconds_count\{platform="telegram"\} 2/);
    expect(body).toMatch(/confreres_updates_total\{platform="telegram",kind="callback_query",outcome="handled"\} 1/);
    expect(body).toMatch(/confreres_updates_total\{platform="discord",kind="button",outcome="failed"\} 1/);
    expect(body).toMatch(/confreres_platform_api_calls_total\{platform="telegram",method="editMessageText",outcome="rate_limited"\} 1/);
    expect(body).toMatch(/confreres_platform_rate_limited_total\{platform="telegram"\} 1/);
    expect(body).toMatch(/confreres_scheduled_posts_total\{job="digest",outcome="posted"\} 1/);
    expect(body).toMatch(/confreres_process_resident_memory_bytes \d+/);
    // No label names a person, a chat or a community.
    const labels = [...body.matchAll(/\{([^}]*)\}/g)].flatMap((m) => (m[1] ?? '').split(',').map((pair) => pair.split('=')[0]));
    expect(new Set(labels)).not.toContain('user');
    expect([...new Set(labels)].filter((name) => name && !['platform', 'kind', 'outcome', 'method', 'job', 'where', 'le', 'version', 'major', 'minor', 'patch', 'type', 'space', 'kind'].includes(name ?? ''))).toEqual([]);
  });
});
