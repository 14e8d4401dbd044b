/**
 * Terminal mode's publisher: scheduled posts (digests, progress, summaries) and reminders are
 * printed, so the whole scheduling path can be watched without any chat platform.
 */
import type { Writable } from 'node:stream';
import type { CommunityPublisher, OutgoingMessage } from '../publisher.ts';

export class ConsolePublisher implements CommunityPublisher {
  readonly platform = 'console' as const;

  constructor(private readonly output: Writable) {}

  async postToCommunity(destination: string, message: OutgoingMessage): Promise<void> {
    this.write(`── [${destination}] ──`, message);
  }

  async sendPrivate(_address: string, message: OutgoingMessage): Promise<boolean> {
    this.write('── [private] ──', message);
    return true;
  }

  private write(banner: string, message: OutgoingMessage): void {
    const files = (message.files ?? []).map((file) => `[${file.name}, ${file.data.length} bytes]`);
    this.output.write([banner, message.text, ...files, ''].join('\n'));
  }
}
