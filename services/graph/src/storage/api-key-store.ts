import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Driver, Node } from 'neo4j-driver';
import type { ApiKey, Scope } from '../domain/api-key.ts';
import {
  readTransaction,
  toDate,
  toNumber,
  writeTransaction,
  type TransactionOptions,
} from './neo4j-values.ts';

/**
 * API keys, stored hashed: a key reads `wp_<id>_<secret>`; only the id and sha256 of the secret
 * are kept, so a leaked store reveals no usable key. The secret has 256 bits, which is why a
 * fast hash suffices (passwords would need a slow one).
 */

const KEY_PATTERN = /^wp_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly internal: boolean;
  readonly pointsPerMinute: number;
}

function toApiKey(node: Node): ApiKey {
  const p = node.properties as Record<string, unknown>;

  return {
    id: p.id as string,
    name: p.name as string,
    scopes: p.scopes as Scope[],
    internal: p.internal === true,
    pointsPerMinute: toNumber(p.pointsPerMinute),
    createdAt: toDate(p.createdAt),
    revokedAt: p.revokedAt ? toDate(p.revokedAt) : null,
  };
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export class ApiKeyStore {
  constructor(
    private readonly driver: Driver,
    private readonly options: TransactionOptions,
  ) {}

  /** Creates a key; the returned token is the only time the secret exists outside the client. */
  async create(input: NewApiKey): Promise<{ key: ApiKey; token: string }> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const key = await writeTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          `CREATE (k:ApiKey {id: $id, name: $name, hash: $hash, scopes: $scopes, internal: $internal,
                             pointsPerMinute: $points, createdAt: datetime()})
           RETURN k`,
          {
            id,
            name: input.name,
            hash: hashSecret(secret).toString('hex'),
            scopes: [...input.scopes],
            internal: input.internal,
            points: input.pointsPerMinute,
          },
        );

        return toApiKey(result.records[0]?.get('k') as Node);
      },
      this.options,
    );

    return { key, token: `wp_${id}_${secret}` };
  }

  /** The key a token names, or null when it is malformed, unknown, wrong or revoked. */
  async verify(token: string): Promise<ApiKey | null> {
    const match = KEY_PATTERN.exec(token);
    if (!match) {
      return null;
    }

    const [, id, secret] = match as unknown as [string, string, string];
    const found = await readTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run('MATCH (k:ApiKey {id: $id}) RETURN k', { id });
        const node = result.records[0]?.get('k') as Node | undefined;

        return node ? { key: toApiKey(node), hash: String(node.properties.hash) } : null;
      },
      this.options,
    );
    if (!found || found.key.revokedAt) {
      return null;
    }

    const expected = Buffer.from(found.hash, 'hex');
    const actual = hashSecret(secret);

    return expected.length === actual.length && timingSafeEqual(expected, actual)
      ? found.key
      : null;
  }

  async list(): Promise<ApiKey[]> {
    return readTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run('MATCH (k:ApiKey) RETURN k ORDER BY k.createdAt');

        return result.records.map((record) => toApiKey(record.get('k') as Node));
      },
      this.options,
    );
  }

  /** Revokes a key; returns false when there is no such key. */
  async revoke(id: string): Promise<boolean> {
    return writeTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          'MATCH (k:ApiKey {id: $id}) SET k.revokedAt = coalesce(k.revokedAt, datetime()) RETURN k.id',
          { id },
        );

        return result.records.length > 0;
      },
      this.options,
    );
  }
}

/** The Redis channel on which revoked key ids are announced, under a deployment's key prefix. */
export function apiKeyRevocationsChannel(keyPrefix: string): string {
  return `${keyPrefix}api-keys:revoked`;
}

/**
 * Tells every API process that key `id` was revoked, so each forgets it has verified the key;
 * returns how many processes heard, or null when Redis is unreachable (processes then stop
 * accepting the key once their cached verification expires, after API_KEY_CACHE_MS).
 */
export async function announceRevocation(
  redis: Redis,
  keyPrefix: string,
  id: string,
): Promise<number | null> {
  try {
    return await redis.publish(apiKeyRevocationsChannel(keyPrefix), id);
  } catch {
    return null;
  }
}
