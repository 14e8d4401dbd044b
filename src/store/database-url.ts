/**
 * Which backend a DATABASE_URL names: `file:` is the embedded SQLite database (the default),
 * `postgres://` or `postgresql://` a PostgreSQL server shared by several instances.
 */
import path from 'node:path';

export type Backend = 'sqlite' | 'postgresql';

export function backendOf(url: string): Backend {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  throw new Error('DATABASE_URL must be a SQLite file URL (file:…) or a PostgreSQL URL (postgres://…)');
}

/** The file path of a `file:` SQLite URL, relative paths taken from the working directory. */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith('file:')) throw new Error('Not a SQLite file URL');
  const withoutScheme = url.slice('file:'.length).split('?')[0] ?? '';
  return path.resolve(withoutScheme);
}
