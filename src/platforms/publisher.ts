/**
 * The publisher port lives with the scheduler that needs it (src/schedule/ports.ts); adapters
 * import it from here or from there.
 */
export type { CommunityPublisher, DestinationCheck, OutgoingMessage } from '../schedule/ports.ts';
