/**
 * The instance secret behind every participant key: from the environment when given,
 * otherwise generated once into the data folder with mode 600. Losing it means returning
 * respondents can no longer be recognised, so it is never regenerated over an existing file;
 * a file that others can read, or that is not what we wrote, stops the start with one clear
 * line rather than a stack trace.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config.ts';

export const SECRET_FILE = 'instance-secret';
const SECRET_BYTES = 32;

export function loadOrCreateSecret(dataDir: string, fromEnvironment?: string): Buffer {
  if (fromEnvironment) return Buffer.from(fromEnvironment, 'utf8');
  const file = path.join(dataDir, SECRET_FILE);
  if (existsSync(file)) return readSecret(file);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(SECRET_BYTES);
  // 'wx' fails if another process created the file meanwhile; then read theirs.
  try {
    writeFileSync(file, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readSecret(file);
    throw error;
  }
  chmodSync(file, 0o600);
  return secret;
}

function readSecret(file: string): Buffer {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o044) !== 0) {
    throw new ConfigError([
      `${file}: the instance secret is readable by other users (mode ${mode.toString(8)}); run \`chmod 600 ${file}\` and start again`,
    ]);
  }
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]+$/i.test(text) || text.length < SECRET_BYTES * 2 || text.length % 2 !== 0) {
    throw new ConfigError([
      `${file}: not an instance secret (expected ${SECRET_BYTES * 2} or more hexadecimal characters). Restore it from the backup made with the database: without it, members in progress cannot resume and those who completed could answer again`,
    ]);
  }
  return Buffer.from(text, 'hex');
}
