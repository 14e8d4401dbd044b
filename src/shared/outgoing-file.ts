/**
 * A file sent with a message (a chart's PNG, an export's CSV): by a command's reply and by a
 * scheduled post alike. It lives here, apart from both, so that the scheduler's publisher port
 * does not import the command layer, which itself depends on the scheduler's services.
 */
export interface OutgoingFile {
  readonly name: string;
  readonly data: Buffer;
  readonly description?: string;
}
