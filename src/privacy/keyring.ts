/**
 * Everything derived from the instance secret (design.md, "Anonymity"): participant keys,
 * member keys for preferences, hashed delivery keys, and the encryption of the one address
 * a reminder may need. Platform user ids go in and never come out.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface Member {
  /** "discord", "telegram" or "console". */
  readonly platform: string;
  /** The platform's user id: used only as HMAC input, never stored. */
  readonly userId: string;
}

export class Keyring {
  private readonly addressKey: Buffer;

  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('The instance secret must be at least 32 bytes');
    // A separate key for encryption, so the HMAC secret is never used as a cipher key.
    this.addressKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'confreres/reminder-address', 32));
  }

  /** HMAC-SHA256(secret, platform:userId:surveyId), hex. */
  participantKey(member: Member, surveyId: string): string {
    return this.hmac(`${member.platform}:${member.userId}:${surveyId}`);
  }

  /** Key of a member's own settings (language), independent of any survey. */
  memberKey(member: Member): string {
    return this.hmac(`pref:${member.platform}:${member.userId}`);
  }

  /**
   * Who endorsed one CME point, so a member's re-shares count once: an HMAC over the point
   * (community and key) and the member. Per point, so the keys of one member's endorsements
   * cannot be linked to each other; not reversible without the instance secret. With the
   * secret and a list of members, whether a given member endorsed a given point can be
   * tested: the price of counting each member once (see README, "CME endorsements").
   */
  endorserKey(member: Member, communityId: string, pointKey: string): string {
    return this.hmac(`cme-endorser:${communityId}:${pointKey}:${member.platform}:${member.userId}`);
  }

  /** A platform delivery id (update id, interaction id) reduced to an opaque digest. */
  deliveryKey(key: string): string {
    return this.hmac(`delivery:${key}`).slice(0, 32);
  }

  /** AES-256-GCM, output base64 of iv | tag | ciphertext. */
  encryptAddress(address: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.addressKey, iv);
    const body = Buffer.concat([cipher.update(address, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decryptAddress(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.addressKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  private hmac(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('hex');
  }
}
