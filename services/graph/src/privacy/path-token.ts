import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Opaque tokens for what a requester was shown. A path token seals the ids of an intro path for
 * one requester (key and viewer), so an introduction can be requested along it without the
 * requester ever seeing the masked people's ids. A person token names a masked person to one
 * requester only: two requesters get different tokens for the same person.
 */

const VERSION = 'p1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedPath {
  /** Node ids from the viewer to the target. */
  readonly nodeIds: readonly string[];
  readonly keyId: string;
  readonly viewerId: string;
  /** When the path was computed, in ms since the epoch. */
  readonly issuedAtMs: number;
}

export class PathTokens {
  private readonly encryptionKey: Buffer;
  private readonly macKey: Buffer;

  /** `secret`: at least 32 characters; keep it stable, or earlier tokens stop opening. */
  constructor(secret: string) {
    this.encryptionKey = createHash('sha256').update(`warmpath-path-token:${secret}`).digest();
    this.macKey = createHash('sha256').update(`warmpath-person-token:${secret}`).digest();
  }

  seal(path: SealedPath): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(path), 'utf8'), cipher.final()]);

    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The sealed path, or null when the token is malformed, tampered with or from another secret. */
  open(token: string): SealedPath | null {
    const [version, payload] = token.split('.');
    if (version !== VERSION || !payload) {
      return null;
    }

    try {
      const bytes = Buffer.from(payload, 'base64url');
      const decipher = createDecipheriv(
        'aes-256-gcm',
        this.encryptionKey,
        bytes.subarray(0, IV_BYTES),
      );
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);

      return JSON.parse(text.toString('utf8')) as SealedPath;
    } catch {
      return null;
    }
  }

  /** A stable token for a masked person, specific to the key and viewer asking. */
  personToken(keyId: string, viewerId: string, personId: string): string {
    return createHmac('sha256', this.macKey)
      .update(`${keyId}\u0000${viewerId}\u0000${personId}`)
      .digest('base64url')
      .slice(0, 22);
  }
}
